package dev.slipway.clusters;

import java.time.Instant;

/** A cluster as pages and the API show it: never the kubeconfig. */
public record ClusterView(
        String name,
        String connection,
        String server,
        boolean reachable,
        String version,
        String lastError,
        Instant checkedAt,
        String createdBy,
        Instant createdAt) {}
