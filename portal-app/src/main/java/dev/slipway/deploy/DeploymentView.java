package dev.slipway.deploy;

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
        String decidedBy,
        String comment,
        Instant createdAt,
        Instant decidedAt,
        Instant syncedAt,
        Instant waitingSince,
        List<SyncRunView> runs) {}
