package dev.slipway.observe.metrics;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The usage history ({@code slipway.metrics}, docs/observe-metrics.md): how often the lease holder of a cluster
 * samples its services, how long samples are kept, and the most kept per service and environment whatever the
 * retention (so a short interval cannot grow the table without end).
 */
@ConfigurationProperties(prefix = "slipway.metrics")
@Validated
public record MetricsSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("15s") @NotNull Duration sampleInterval,
        @DefaultValue("24h") @NotNull Duration retention,
        @DefaultValue("6000") @Min(10) @Max(1_000_000) int maxSamplesPerPair) {

    public MetricsSettings {
        if (sampleInterval != null && sampleInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("slipway.metrics.sample-interval must be at least 1s");
        }
        if (retention != null && retention.compareTo(Duration.ofMinutes(5)) < 0) {
            throw new IllegalArgumentException("slipway.metrics.retention must be at least 5m");
        }
    }
}
