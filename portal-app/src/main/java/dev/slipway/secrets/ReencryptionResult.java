package dev.slipway.secrets;

/**
 * What a master key rotation did: how many stored secret values and credentials (cluster kubeconfigs)
 * were re-sealed under {@code keyId} and how many already were. Counts only; an operator needs nothing
 * more to know the old key can go.
 */
public record ReencryptionResult(String keyId, int reencrypted, int alreadyCurrent) {}
