package dev.slipway.audit;

/** Result of walking the hash chain: {@code firstBrokenId} is null when the chain is intact. */
public record ChainVerification(boolean valid, long checked, Long firstBrokenId) {}
