package dev.slipway.deploy.live;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How drift is looked for ({@code slipway.drift.mode}): {@code watch} (the default) compares a service as
 * soon as a watch event touches its objects (docs/live-state.md); {@code poll} is the loop from before the
 * watches, which plans every synced service again every {@code slipway.drift.interval}, for clusters that
 * cannot hold watches open (and so the bench can measure both). The interval holds across replicas: each
 * replica tries at that rate, and a pass starts only if no replica began one in the last nine tenths of it.
 */
@ConfigurationProperties(prefix = "slipway.drift")
@Validated
record DriftSettings(@DefaultValue("30s") @NotNull Duration interval, @DefaultValue("watch") @NotNull Mode mode) {

    enum Mode {
        WATCH,
        POLL
    }

    /** The shortest time between two passes of any replicas. */
    Duration minimumGap() {
        return interval.multipliedBy(9).dividedBy(10);
    }
}
