package dev.slipway.deploy;

import java.time.Instant;
import java.util.List;

/** A deployment request and its sync runs: together, the deploy record. */
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
        List<SyncRunView> runs) {}
