package dev.slipway.deploy.logs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Live log tails ({@code slipway.logs}): how many may be open on one replica at once ({@code maxStreams}; each
 * holds one connection to the API server per container it follows, at most {@code maxContainersPerStream}), how
 * long one lasts before the browser opens a new one ({@code streamTimeout}), and how often the service's pods are
 * listed again to pick up new ones and drop those gone ({@code podScan}).
 */
@ConfigurationProperties(prefix = "slipway.logs")
@Validated
record LogSettings(@DefaultValue("20") @Min(1) @Max(1000) int maxStreams,
        @DefaultValue("40") @Min(1) @Max(500) int maxContainersPerStream,
        @DefaultValue("30m") @NotNull Duration streamTimeout,
        @DefaultValue("2s") @NotNull Duration podScan) {}
