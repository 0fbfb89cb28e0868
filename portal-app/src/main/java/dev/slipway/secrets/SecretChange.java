package dev.slipway.secrets;

/**
 * The outcome of setting or deleting a value: the version written (a deletion writes a tombstone
 * version) and the revision that now pins it. {@code environment} is null for all environments.
 */
public record SecretChange(String key, String environment, int version, int revision) {}
