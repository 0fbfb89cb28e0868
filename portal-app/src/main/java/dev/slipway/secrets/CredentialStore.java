package dev.slipway.secrets;

import java.util.Map;

/**
 * A feature that keeps credentials sealed by {@link CredentialVault} (clusters keep kubeconfigs). A master
 * key rotation re-seals them together with the secret values, so the previous key can really be retired.
 */
public interface CredentialStore {

    /** How many credentials each master key id has sealed. */
    Map<String, Long> countByKeyId();

    /**
     * Re-seals, with {@code vault}, every credential not sealed by {@code vault}'s current key; returns how
     * many. Runs in the caller's transaction.
     */
    int resealAll(CredentialVault vault);
}
