package dev.slipway.deploy.requests;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * A deployment request and its sync runs: together, the deploy record. {@code waitingSince} is when a
 * request waiting for approval started to wait (null in every other state). {@code reason} is why the
 * requester asked, and {@code comment} the same for clients written before decisions had comments of
 * their own; {@code decisions} are in the order they were taken (only on a single request's view).
 * {@code rolledBackBy} / {@code rollbackOf} link a request undone by an automatic rollback and the rollback
 * itself; {@code rollbackNote} is what the watcher decided about a request, in words: why it rolled it back, or
 * why it did not (docs/auto-rollback.md).
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
        @Nullable String reason,
        List<DecisionView> decisions,
        Instant createdAt,
        @Nullable Instant decidedAt,
        @Nullable Instant syncedAt,
        @Nullable Instant waitingSince,
        List<SyncRunView> runs,
        @Nullable Long rolledBackBy,
        @Nullable Long rollbackOf,
        @Nullable String rollbackNote) {}
