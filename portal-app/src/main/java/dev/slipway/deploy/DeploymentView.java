package dev.slipway.deploy;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * A deployment request and its sync runs: together, the deploy record. {@code waitingSince} is when a
 * request waiting for approval started to wait (null in every other state).
 */
public record DeploymentView(
        long id,
        String service,
        String team,
        int revision,
        String environment,
        RequestState state,
        String requestedBy,
        @Nullable String decidedBy,
        @Nullable String comment,
        Instant createdAt,
        @Nullable Instant decidedAt,
        @Nullable Instant syncedAt,
        @Nullable Instant waitingSince,
        List<SyncRunView> runs) {}
