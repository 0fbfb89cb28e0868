package dev.slipway.deploy;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a synced request in an environment with automatic rollback is to be rolled back now, as a pure function
 * of what is recorded (docs/auto-rollback.md): wait until its progress deadline has passed, then roll back to the
 * last revision that was HEALTHY there, or stop and say why not. A rollback is never rolled back itself, so a
 * revision that cannot become healthy either ends the chain instead of starting a loop.
 */
sealed interface RollbackVerdict {

    /** Not yet (or not at all): the deadline has not passed, the health is not judged yet, or it is HEALTHY. */
    record Wait() implements RollbackVerdict {}

    /** Roll back to {@code revision} (the revision of request {@code healthyRequest}); {@code reason} in words. */
    record RollBack(long healthyRequest, int revision, String reason) implements RollbackVerdict {}

    /** Do not roll back, and record {@code note} on the request so that people see why (and it is judged once). */
    record Stop(String note) implements RollbackVerdict {}

    /** A synced request whose revision has not been judged HEALTHY yet. */
    record Candidate(long request, int revision, String environment, @Nullable Long rollbackOf, Instant syncedAt,
            @Nullable String health, @Nullable String healthSummary, int deadlineSeconds) {

        String healthInWords() {
            String state = health == null ? "not judged yet" : health;
            return healthSummary == null || healthSummary.isBlank() ? state : state + ": " + healthSummary;
        }
    }

    /** The newest earlier request of the same service and environment whose revision was HEALTHY there. */
    record Healthy(long request, int revision) {}

    static RollbackVerdict judge(Candidate candidate, Optional<Healthy> lastHealthy, Instant now) {
        // Health nobody has judged yet (the lease holder's watch not caught up) is no reason to roll back.
        if (candidate.health() == null || "HEALTHY".equals(candidate.health())
                || now.isBefore(candidate.syncedAt().plusSeconds(candidate.deadlineSeconds()))) {
            return new Wait();
        }
        String late = "Revision " + candidate.revision() + " was not HEALTHY within " + candidate.deadlineSeconds()
                + " s of its sync in " + candidate.environment() + " (" + candidate.healthInWords() + ")";
        if (candidate.rollbackOf() != null) {
            return new Stop("Automatic rollback stopped: this request rolled back request " + candidate.rollbackOf()
                    + ", and it failed too. " + late + ". A rollback is never rolled back, so that Slipway cannot loop;"
                    + " a person has to act.");
        }
        if (lastHealthy.isEmpty()) {
            return new Stop("Not rolled back: " + late + ", but no earlier revision was HEALTHY in "
                    + candidate.environment() + ", so there is nothing to go back to.");
        }
        if (lastHealthy.get().revision() == candidate.revision()) {
            return new Stop("Not rolled back: " + late + ", and the last revision HEALTHY in " + candidate.environment()
                    + " is this revision itself, so going back would change nothing.");
        }
        return new RollBack(lastHealthy.get().request(), lastHealthy.get().revision(), late + "; rolled back to revision "
                + lastHealthy.get().revision() + ", the last HEALTHY there (request " + lastHealthy.get().request() + ").");
    }
}
