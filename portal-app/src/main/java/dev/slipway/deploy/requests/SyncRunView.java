package dev.slipway.deploy.requests;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/** One attempt of the deployer: when, by whom, the outcome, the manifests applied (secrets masked), what was pruned. */
public record SyncRunView(
        int attempt,
        String worker,
        String outcome,
        @Nullable String error,
        Instant startedAt,
        @Nullable Instant endedAt,
        List<String> applied,
        List<String> pruned) {}
