package dev.slipway.audit;

import jakarta.annotation.Nullable;

/** Result of walking the hash chain: {@code firstBrokenId} is null when the chain is intact. */
public record ChainVerification(boolean valid, long checked, @Nullable Long firstBrokenId) {}
