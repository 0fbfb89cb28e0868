package dev.slipway.secrets;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;

/**
 * One 256-bit master key and its id. The id is the first 16 hex characters of the key's SHA-256: it
 * lets each ciphertext name the key that sealed it without revealing anything about the key.
 */
final class MasterKey {

    static final int LENGTH_BYTES = 32;

    private final String id;
    private final SecretKeySpec key;

    private MasterKey(String id, SecretKeySpec key) {
        this.id = id;
        this.key = key;
    }

    static MasterKey of(byte[] material) {
        if (material.length != LENGTH_BYTES) {
            throw new IllegalArgumentException("a master key must be exactly " + LENGTH_BYTES + " bytes");
        }
        return new MasterKey(idOf(material), new SecretKeySpec(material, "AES"));
    }

    static String idOf(byte[] material) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material);
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    String id() {
        return id;
    }

    SecretKeySpec key() {
        return key;
    }

    @Override
    public String toString() {
        return "MasterKey[id=" + id + "]";
    }
}
