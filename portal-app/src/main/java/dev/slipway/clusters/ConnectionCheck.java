package dev.slipway.clusters;

import java.time.Instant;

/** The outcome of asking a cluster's API server for its version. */
public record ConnectionCheck(boolean reachable, String version, String error, Instant checkedAt) {}
