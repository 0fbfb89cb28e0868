package dev.slipway.observe.metrics;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * A service's usage in one environment (docs/observe-metrics.md): each pod now, next to its requests and limits, and the
 * service's total over the window. {@code available} false with {@code unavailable} saying why (a cluster without
 * the metrics API, one that cannot be reached): then {@code pods} is empty, and {@code series} holds what was
 * sampled before, if anything.
 */
public record ServiceMetrics(
        String service,
        String environment,
        String window,
        long sampleIntervalSeconds,
        boolean available,
        @Nullable String unavailable,
        List<PodUsage> pods,
        List<Point> series) {

    /** The service's total at one time. */
    public record Point(Instant at, long cpuMillicores, long memoryBytes) {}

    /** Whether any pod uses more than 90 % of a limit (the page marks the section). */
    public boolean anyNearLimit() {
        return pods.stream().anyMatch(p -> p.cpuNearLimit() || p.memoryNearLimit());
    }
}
