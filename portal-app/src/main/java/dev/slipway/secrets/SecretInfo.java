package dev.slipway.secrets;

import jakarta.annotation.Nullable;
import java.time.Instant;

/**
 * What anyone may know about a stored secret value: never the value, only which key and environment
 * it serves, its version and who set it when. {@code environment} is null for the value that serves
 * every environment without one of its own; {@code declared} is false when the latest spec no longer
 * lists the key.
 */
public record SecretInfo(String key, @Nullable String environment, int version, String updatedBy, Instant updatedAt,
        boolean declared) {}
