package dev.slipway.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the master key at startup, or refuses to start with a message that says what to set. In
 * local mode (embedded database) with no key configured, it generates one under {@code SLIPWAY_HOME}
 * so a laptop needs no setup; with an external database every replica must be given the same key, so
 * generating one there would only hide a mistake.
 */
final class MasterKeyLoader {

    static final String KEY_FILE_NAME = "master.key";

    private static final Logger log = LoggerFactory.getLogger(MasterKeyLoader.class);
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final String ACCEPTED = "base64 of exactly 32 random bytes (for example the output of "
            + "`openssl rand -base64 32`)";

    private MasterKeyLoader() {}

    static MasterKeys load(MasterKeyProperties settings, boolean localMode, Path home) {
        boolean keySet = MasterKeyProperties.isSet(settings.masterKey());
        boolean fileSet = MasterKeyProperties.isSet(settings.masterKeyFile());
        if (keySet && fileSet) {
            throw new IllegalStateException("Both SLIPWAY_MASTER_KEY (slipway.master-key) and SLIPWAY_MASTER_KEY_FILE "
                    + "(slipway.master-key-file) are set. Set only one of them, so it is clear which key seals "
                    + "secret values.");
        }
        MasterKey current;
        String source;
        if (keySet) {
            current = decode(settings.masterKey(), "SLIPWAY_MASTER_KEY (slipway.master-key)");
            source = "SLIPWAY_MASTER_KEY";
        } else if (fileSet) {
            Path file = Path.of(settings.masterKeyFile().strip());
            current = decode(read(file, "SLIPWAY_MASTER_KEY_FILE (slipway.master-key-file)"),
                    "The file " + file + " named by SLIPWAY_MASTER_KEY_FILE (slipway.master-key-file)");
            source = "the file " + file;
        } else if (localMode) {
            Path file = home.resolve(KEY_FILE_NAME);
            current = localKey(file);
            source = "the local key file " + file;
        } else {
            throw new IllegalStateException("No master key is configured. Slipway encrypts secret values with a "
                    + "256-bit master key: set SLIPWAY_MASTER_KEY to " + ACCEPTED + ", or SLIPWAY_MASTER_KEY_FILE to "
                    + "the path of a file holding it. A key is generated under SLIPWAY_HOME only in local mode "
                    + "(embedded database); with an external database every replica must use the same key, so it "
                    + "has to be provided.");
        }
        List<MasterKey> previous = new ArrayList<>();
        for (int i = 0; i < settings.previousMasterKeys().size(); i++) {
            String entry = settings.previousMasterKeys().get(i);
            if (MasterKeyProperties.isSet(entry)) {
                previous.add(decode(entry, "Entry " + (i + 1) + " of SLIPWAY_PREVIOUS_MASTER_KEYS "
                        + "(slipway.previous-master-keys, comma-separated)"));
            }
        }
        log.info("Secret values are sealed with master key {} from {}; {} previous key(s) accepted for opening only.",
                current.id(), source, previous.size());
        return new MasterKeys(current, previous);
    }

    /** Decodes base64 (standard or URL-safe alphabet); the message names the setting, never its content. */
    static MasterKey decode(String base64, String what) {
        String text = base64.strip();
        byte[] material;
        try {
            material = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException standard) {
            try {
                material = Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException urlSafe) {
                throw new IllegalStateException(what + " is not valid base64. It must be " + ACCEPTED + ".");
            }
        }
        if (material.length != MasterKey.LENGTH_BYTES) {
            throw new IllegalStateException(what + " decodes to " + material.length + " bytes. It must be " + ACCEPTED
                    + ".");
        }
        return MasterKey.of(material);
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(what + " names " + file + ", which cannot be read (" + e.getClass()
                    .getSimpleName() + "). It must be a readable file holding " + ACCEPTED + ".", e);
        }
    }

    private static MasterKey localKey(Path file) {
        if (!Files.exists(file)) {
            try {
                create(file);
                log.info("Local mode: generated a master key in {} (owner read/write only). Back it up: without it "
                        + "stored secret values cannot be read.", file);
            } catch (FileAlreadyExistsException raced) {
                log.debug("Another process created {} first; using it", file);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create the local master key file " + file
                        + "; set SLIPWAY_MASTER_KEY or SLIPWAY_MASTER_KEY_FILE instead", e);
            }
        }
        warnIfOthersCanRead(file);
        return decode(read(file, "The local master key file"), "The local master key file " + file);
    }

    /**
     * Writes a fresh key to a temporary file that is owner-only from the moment it exists, then links it
     * into place; the link fails if the key file appeared meanwhile, so an existing key is never replaced.
     */
    static void create(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(directory)) {
            if (posix) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            } else {
                Files.createDirectories(directory);
            }
        }
        byte[] material = new byte[MasterKey.LENGTH_BYTES];
        new SecureRandom().nextBytes(material);
        byte[] content = (Base64.getEncoder().encodeToString(material) + "\n").getBytes(StandardCharsets.US_ASCII);
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, ".master.key-", ".tmp", ownerOnly);
        try {
            if (posix) {
                // The umask can only take bits away; this makes sure the owner can still read and write.
                Files.setPosixFilePermissions(temporary, OWNER_READ_WRITE);
            } else {
                restrictToOwner(temporary);
            }
            Files.write(temporary, content);
            try {
                Files.createLink(file, temporary);
            } catch (UnsupportedOperationException noHardLinks) {
                Files.move(temporary, file);
            }
        } finally {
            Files.deleteIfExists(temporary);
            Arrays.fill(material, (byte) 0);
            Arrays.fill(content, (byte) 0);
        }
    }

    private static void restrictToOwner(Path file) {
        var handle = file.toFile();
        boolean restricted = handle.setReadable(false, false) && handle.setReadable(true, true)
                && handle.setWritable(false, false) && handle.setWritable(true, true);
        if (!restricted) {
            log.warn("Could not restrict {} to its owner; protect it by other means", file);
        }
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return;
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("The master key file {} can be read by other users; restrict it with: chmod 600 {}", file,
                        file);
            }
        } catch (IOException e) {
            log.warn("Could not check the permissions of {}", file);
        }
    }
}
