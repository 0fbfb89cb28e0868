package dev.slipway.deploy.live;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often drift is looked for ({@code slipway.drift.interval}). The interval holds across replicas: each
 * replica tries at that rate, and a pass starts only if no replica began one in the last nine tenths of it.
 */
@ConfigurationProperties(prefix = "slipway.drift")
@Validated
record DriftSettings(@DefaultValue("30s") @NotNull Duration interval) {

    /** The shortest time between two passes of any replicas. */
    Duration minimumGap() {
        return interval.multipliedBy(9).dividedBy(10);
    }
}
