package dev.slipway.secrets;

import java.nio.charset.StandardCharsets;

/**
 * Where a secret value belongs. Sealed into the ciphertext as associated data, so a ciphertext copied
 * to another service, environment or key fails to open instead of silently serving the wrong value.
 */
record SecretAddress(long serviceId, String environment, String key) {

    /** Unambiguous: the environment (a DNS label or {@code *}) cannot contain ':', and the key comes last. */
    byte[] associatedData() {
        return ("slipway:v1:" + serviceId + ":" + environment + ":" + key).getBytes(StandardCharsets.UTF_8);
    }
}
