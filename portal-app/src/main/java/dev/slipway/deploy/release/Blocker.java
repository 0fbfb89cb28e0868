package dev.slipway.deploy.release;

import jakarta.annotation.Nullable;
import java.time.Instant;

/**
 * One reason a deployment request waits, in words (docs/release-flow.md, "Blockers"). {@code until} is when
 * it stops holding by itself (a window opens, a soak ends), null when someone has to act.
 */
public record Blocker(Kind kind, String message, @Nullable Instant until) {

    /** What a request waits for. */
    public enum Kind {
        /** A person's decision. */
        APPROVAL,
        /** A deployment window of the environment. */
        WINDOW,
        /** The revision to be HEALTHY long enough in the environment it is promoted from. */
        SOAK,
        /** An older request of the same service and environment. */
        ORDER,
        /** The environment's guardrails, which the request's objects now break. */
        GUARDRAIL
    }
}
