package dev.slipway.secrets;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for secret values: a fresh random 96-bit nonce per value, a 128-bit tag, and the value's
 * address as associated data. Stored bytes are {@code format version || nonce || ciphertext and tag};
 * the format byte lets a later scheme coexist with this one. Pure: no Spring, no I/O.
 */
final class SecretCipher {

    static final byte FORMAT_V1 = 1;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final MasterKeys keys;
    private final SecureRandom random;

    SecretCipher(MasterKeys keys) {
        this(keys, new SecureRandom());
    }

    SecretCipher(MasterKeys keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
    }

    /** Seals with the current master key. */
    SealedValue seal(byte[] plaintext, SecretAddress address) {
        return seal(plaintext, address.associatedData());
    }

    /** Seals with the current master key, binding the ciphertext to {@code associatedData}. */
    SealedValue seal(byte[] plaintext, byte[] associatedData) {
        MasterKey key = keys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            ByteBuffer stored = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
            stored.put(FORMAT_V1).put(nonce).put(sealed);
            return new SealedValue(key.id(), stored.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this Java runtime", e);
        }
    }

    /**
     * Opens a value sealed by any accepted master key. Fails if the key is not configured, the bytes were
     * changed, or the value belongs to another address.
     */
    byte[] open(SealedValue value, SecretAddress address) {
        return open(value, address.associatedData(), describe(address));
    }

    /** Opens a value sealed with {@code associatedData}; {@code what} names it in error messages. */
    byte[] open(SealedValue value, byte[] associatedData, String what) {
        MasterKey key = keys.byId(value.keyId()).orElseThrow(() -> new IllegalStateException(
                "A secret value of " + what + " was sealed with master key " + value.keyId()
                        + ", which is not configured. Add that key to SLIPWAY_PREVIOUS_MASTER_KEYS."));
        byte[] stored = value.bytes();
        if (stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != FORMAT_V1) {
            throw new IllegalStateException("The stored secret value of " + what
                    + " is not in a format this version of Slipway reads.");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("The stored secret value of " + what + " failed its "
                    + "integrity check under master key " + key.id() + ": it was changed or belongs elsewhere.", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this Java runtime", e);
        }
    }

    String currentKeyId() {
        return keys.current().id();
    }

    boolean accepts(String keyId) {
        return keys.byId(keyId).isPresent();
    }

    private static String describe(SecretAddress address) {
        return "key " + address.key() + " (service id " + address.serviceId() + ", environment "
                + address.environment() + ")";
    }
}
