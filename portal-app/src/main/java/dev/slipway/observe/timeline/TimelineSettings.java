package dev.slipway.observe.timeline;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How much of the Kubernetes events the timeline keeps ({@code slipway.timeline.*}): at most
 * {@code eventsPerService} per service and environment (the newest), none older than {@code eventRetention}.
 * Slipway's own entries come from the audit trail, which keeps everything.
 */
@Validated
@ConfigurationProperties(prefix = "slipway.timeline")
public record TimelineSettings(
        @DefaultValue("500") @Min(10) @Max(100_000) int eventsPerService,
        @DefaultValue("14d") @NotNull Duration eventRetention) {}
