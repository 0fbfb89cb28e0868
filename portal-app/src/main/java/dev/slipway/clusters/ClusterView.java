package dev.slipway.clusters;

import jakarta.annotation.Nullable;
import java.time.Instant;

/** A cluster as pages and the API show it: never the kubeconfig. */
public record ClusterView(
        String name,
        String connection,
        @Nullable String server,
        boolean reachable,
        @Nullable String version,
        @Nullable String lastError,
        @Nullable Instant checkedAt,
        String createdBy,
        Instant createdAt) {}
