package dev.slipway.observe.timeline;

import jakarta.annotation.Nullable;
import java.time.Instant;

/**
 * One entry of a service's timeline in an environment (docs/observe-timeline.md). For Slipway's entries {@code kind} is
 * the audit action ({@code deployment.synced}, {@code health.degraded}), {@code object} what it acted on
 * ({@code deployment/42}) and {@code actor} who did it; for Kubernetes' {@code kind} is the event's type
 * ({@code Normal}, {@code Warning}), {@code object} the object it is about ({@code Pod/api-7d9c-x2x}) and
 * {@code actor} null. {@code warning} marks what went wrong on either side; {@code count} is how often a
 * Kubernetes event repeated ({@code at} is its latest), 1 for Slipway's.
 */
public record TimelineItem(Instant at, String source, String kind, String object, String reason, String message,
        @Nullable String actor, boolean warning, int count) {

    static final String SLIPWAY = "slipway";
    static final String KUBERNETES = "kubernetes";
}
