package dev.slipway.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final SecretAddress DB_PASSWORD_PROD = new SecretAddress(7, "prod", "DB_PASSWORD");
    private static final byte[] PLAINTEXT = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);

    private final MasterKey key = randomKey();
    private final SecretCipher cipher = new SecretCipher(new MasterKeys(key, List.of()));

    @Test
    void sealedValueOpensToThePlaintextAndNamesItsKey() {
        SealedValue sealed = cipher.seal(PLAINTEXT, DB_PASSWORD_PROD);

        assertThat(sealed.keyId()).isEqualTo(key.id());
        assertThat(cipher.open(sealed, DB_PASSWORD_PROD)).isEqualTo(PLAINTEXT);
    }

    @Test
    void storedBytesAreFormatVersionThenNonceThenCiphertextAndTag() {
        SealedValue sealed = cipher.seal(PLAINTEXT, DB_PASSWORD_PROD);

        assertThat(sealed.bytes()[0]).isEqualTo(SecretCipher.FORMAT_V1);
        assertThat(sealed.bytes()).hasSize(1 + 12 + PLAINTEXT.length + 16);
    }

    @Test
    void twoSealsOfTheSameValueDiffer() {
        SealedValue first = cipher.seal(PLAINTEXT, DB_PASSWORD_PROD);
        SealedValue second = cipher.seal(PLAINTEXT, DB_PASSWORD_PROD);

        assertThat(first.bytes()).isNotEqualTo(second.bytes());
        assertThat(java.util.Arrays.copyOfRange(first.bytes(), 1, 13))
                .isNotEqualTo(java.util.Arrays.copyOfRange(second.bytes(), 1, 13));
    }

    @Test
    void everyTamperedByteIsDetected() {
        SealedValue sealed = cipher.seal(PLAINTEXT, DB_PASSWORD_PROD);

        for (int i = 1; i < sealed.bytes().length; i++) {
            byte[] tampered = sealed.bytes().clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.open(new SealedValue(key.id(), tampered), DB_PASSWORD_PROD))
                    .as("flipping a bit of byte %d", i)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("integrity check");
        }
    }

    @Test
    void valueMovedToAnotherServiceEnvironmentOrKeyDoesNotOpen() {
        SealedValue sealed = cipher.seal(PLAINTEXT, DB_PASSWORD_PROD);

        for (SecretAddress elsewhere : List.of(new SecretAddress(8, "prod", "DB_PASSWORD"),
                new SecretAddress(7, "dev", "DB_PASSWORD"), new SecretAddress(7, "*", "DB_PASSWORD"),
                new SecretAddress(7, "prod", "API_TOKEN"))) {
            assertThatThrownBy(() -> cipher.open(sealed, elsewhere))
                    .as("opened as %s", elsewhere)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void unknownFormatVersionIsRefused() {
        byte[] stored = cipher.seal(PLAINTEXT, DB_PASSWORD_PROD).bytes();
        stored[0] = 2;

        assertThatThrownBy(() -> cipher.open(new SealedValue(key.id(), stored), DB_PASSWORD_PROD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format");
    }

    @Test
    void previousKeyStillOpensButNewValuesUseTheCurrentKey() {
        MasterKey next = randomKey();
        SealedValue old = cipher.seal(PLAINTEXT, DB_PASSWORD_PROD);
        SecretCipher rotated = new SecretCipher(new MasterKeys(next, List.of(key)));

        assertThat(rotated.open(old, DB_PASSWORD_PROD)).isEqualTo(PLAINTEXT);
        assertThat(rotated.seal(PLAINTEXT, DB_PASSWORD_PROD).keyId()).isEqualTo(next.id());
    }

    @Test
    void valueSealedByAnUnconfiguredKeyIsRefusedNamingThatKeyId() {
        SealedValue sealed = cipher.seal(PLAINTEXT, DB_PASSWORD_PROD);
        SecretCipher other = new SecretCipher(new MasterKeys(randomKey(), List.of()));

        assertThatThrownBy(() -> other.open(sealed, DB_PASSWORD_PROD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(key.id())
                .hasMessageContaining("SLIPWAY_PREVIOUS_MASTER_KEYS");
    }

    static MasterKey randomKey() {
        byte[] material = new byte[32];
        new SecureRandom().nextBytes(material);
        return MasterKey.of(material);
    }
}
