package dev.slipway.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyLoaderTest {

    private static final String KEY = base64('k');

    @TempDir Path home;

    @Test
    void localModeWithoutKeyGeneratesAnOwnerOnlyKeyFileAndReusesItNextStart() throws Exception {
        MasterKeys first = MasterKeyLoader.load(settings(null, null), true, home);

        Path file = home.resolve("master.key");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        try (var leftovers = Files.list(home)) {
            assertThat(leftovers).containsExactly(file);
        }

        MasterKeys second = MasterKeyLoader.load(settings(null, null), true, home);
        assertThat(second.current().id()).isEqualTo(first.current().id());
    }

    @Test
    void localModeCreatesAMissingHomeDirectoryForTheOwnerOnly() throws Exception {
        Path nested = home.resolve("fresh");

        MasterKeyLoader.load(settings(null, null), true, nested);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested.resolve("master.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void existingKeyFileIsNeverReplaced() throws Exception {
        Path file = home.resolve("master.key");
        Files.writeString(file, KEY);

        MasterKeys keys = MasterKeyLoader.load(settings(null, null), true, home);

        assertThat(Files.readString(file)).isEqualTo(KEY);
        assertThat(keys.current().id()).isEqualTo(MasterKey.idOf(Base64.getDecoder().decode(KEY)));
    }

    @Test
    void externalDatabaseWithoutKeyRefusesToStartSayingWhatToSet() {
        assertThatThrownBy(() -> MasterKeyLoader.load(settings(null, null), false, home))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SLIPWAY_MASTER_KEY")
                .hasMessageContaining("SLIPWAY_MASTER_KEY_FILE")
                .hasMessageContaining("32");
        assertThat(home.resolve("master.key")).doesNotExist();
    }

    @Test
    void configuredKeyWinsOverLocalGenerationAndGetsAnIdThatRevealsNothing() throws Exception {
        MasterKeys keys = MasterKeyLoader.load(settings(KEY, null), true, home);

        byte[] material = Base64.getDecoder().decode(KEY);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(material))
                .substring(0, 16);
        assertThat(keys.current().id()).isEqualTo(expected).hasSize(16);
        assertThat(home.resolve("master.key")).doesNotExist();
    }

    @Test
    void keyOfTheWrongLengthIsRefusedNamingTheSettingButNotTheKey() {
        String shortKey = Base64.getEncoder().encodeToString("only-sixteen-byt".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> MasterKeyLoader.load(settings(shortKey, null), false, home))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SLIPWAY_MASTER_KEY")
                .hasMessageContaining("exactly 32")
                .hasMessageNotContaining(shortKey);
    }

    @Test
    void keyThatIsNotBase64IsRefused() {
        assertThatThrownBy(() -> MasterKeyLoader.load(settings("not base64 at all!", null), false, home))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SLIPWAY_MASTER_KEY")
                .hasMessageContaining("not valid base64");
    }

    @Test
    void keyFileIsReadAndItsProblemsNameTheSetting() throws Exception {
        Path file = home.resolve("mounted.key");
        Files.writeString(file, KEY + "\n");

        assertThat(MasterKeyLoader.load(settings(null, file.toString()), false, home).current().id())
                .isEqualTo(MasterKey.idOf(Base64.getDecoder().decode(KEY)));
        assertThatThrownBy(() -> MasterKeyLoader.load(settings(null, home.resolve("missing").toString()), false, home))
                .hasMessageContaining("SLIPWAY_MASTER_KEY_FILE");
        Files.writeString(file, "c2hvcnQ=");
        assertThatThrownBy(() -> MasterKeyLoader.load(settings(null, file.toString()), false, home))
                .hasMessageContaining("SLIPWAY_MASTER_KEY_FILE")
                .hasMessageContaining("exactly 32");
    }

    @Test
    void settingBothKeyAndKeyFileIsRefused() {
        assertThatThrownBy(() -> MasterKeyLoader.load(settings(KEY, "/somewhere"), false, home))
                .hasMessageContaining("SLIPWAY_MASTER_KEY")
                .hasMessageContaining("SLIPWAY_MASTER_KEY_FILE");
    }

    @Test
    void previousKeysAreAcceptedForOpeningOnly() {
        String old = base64('o');
        MasterKeys keys = MasterKeyLoader.load(
                new MasterKeyProperties(KEY, null, List.of(old, "")), false, home);

        assertThat(keys.current().id()).isEqualTo(MasterKey.idOf(Base64.getDecoder().decode(KEY)));
        assertThat(keys.byId(MasterKey.idOf(Base64.getDecoder().decode(old)))).isPresent();
        assertThatThrownBy(() -> MasterKeyLoader.load(new MasterKeyProperties(KEY, null, List.of("c2hvcnQ=")), false,
                        home))
                .hasMessageContaining("SLIPWAY_PREVIOUS_MASTER_KEYS");
    }

    @Test
    void settingsNeverPrintTheKey() {
        assertThat(settings(KEY, null).toString()).doesNotContain(KEY);
    }

    private static MasterKeyProperties settings(String key, String file) {
        return new MasterKeyProperties(key, file, null);
    }

    private static String base64(char fill) {
        return Base64.getEncoder().encodeToString(String.valueOf(fill).repeat(32).getBytes(StandardCharsets.US_ASCII));
    }
}
