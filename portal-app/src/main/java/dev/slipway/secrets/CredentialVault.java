package dev.slipway.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.stereotype.Component;

/**
 * Encrypts credentials other features keep, such as cluster kubeconfigs, under the same master keys
 * and AES-256-GCM as secret values. The {@code context} (for example {@code cluster:prod:kubeconfig})
 * is bound in as associated data, so a ciphertext copied to another row does not open.
 */
@Component
public class CredentialVault {

    private final SecretCipher cipher;

    CredentialVault(SecretCipher cipher) {
        this.cipher = cipher;
    }

    public SealedCredential seal(String context, String plaintext) {
        SealedValue sealed = cipher.seal(plaintext.getBytes(StandardCharsets.UTF_8), associatedData(context));
        return new SealedCredential(sealed.keyId(), sealed.bytes());
    }

    public String open(String context, SealedCredential sealed) {
        byte[] plain = cipher.open(new SealedValue(sealed.keyId(), sealed.bytes()), associatedData(context), context);
        return new String(plain, StandardCharsets.UTF_8);
    }

    /** The id of the master key that seals new credentials. */
    public String currentKeyId() {
        return cipher.currentKeyId();
    }

    /** Opens a credential with whichever accepted key sealed it and seals it again with the current key. */
    public SealedCredential reseal(String context, SealedCredential sealed) {
        byte[] plain = cipher.open(new SealedValue(sealed.keyId(), sealed.bytes()), associatedData(context), context);
        try {
            SealedValue resealed = cipher.seal(plain, associatedData(context));
            return new SealedCredential(resealed.keyId(), resealed.bytes());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static byte[] associatedData(String context) {
        return ("slipway:v1:credential:" + context).getBytes(StandardCharsets.UTF_8);
    }
}
