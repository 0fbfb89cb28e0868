package dev.slipway.deploy.live;

import java.time.Instant;
import java.util.Optional;

/**
 * A synced service became DEGRADED, or recovered from it, as the holder of its cluster's lease judged it.
 * Published inside the transaction that records it (with its audit entry), so what a listener queues, such
 * as the team's webhook message, commits with it. Only these two transitions exist: health passing through
 * PROGRESSING or UNKNOWN on its way is no news to a team (docs/observe-timeline.md).
 *
 * @param summary the health's reason in words, as the status page shows it
 */
public record ServiceHealthTransition(Transition transition, String service, String team, String environment,
        int revision, String summary, Instant at) {

    /** Which way it went. */
    public enum Transition {
        DEGRADED,
        RECOVERED;

        /** The audit action and webhook event name. */
        public String eventName() {
            return "health." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The transition a new health makes, given whether the team was last told the service degraded: DEGRADED
     * once on the way in, RECOVERED once back at HEALTHY; nothing for anything in between, so a service that
     * flaps between DEGRADED and PROGRESSING tells its team once.
     */
    static Optional<Transition> of(boolean alerted, String health) {
        if (!alerted && WorkloadStatus.Health.DEGRADED.name().equals(health)) {
            return Optional.of(Transition.DEGRADED);
        }
        if (alerted && WorkloadStatus.Health.HEALTHY.name().equals(health)) {
            return Optional.of(Transition.RECOVERED);
        }
        return Optional.empty();
    }
}
