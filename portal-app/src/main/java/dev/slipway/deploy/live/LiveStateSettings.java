package dev.slipway.deploy.live;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The live-state cache ({@code slipway.live-state}): whether clusters are watched at all, and how long a
 * service's objects must be quiet before pages and drift hear of a change (a rollout changes a Deployment,
 * its ReplicaSets and pods within milliseconds; one look after them is enough).
 */
@ConfigurationProperties(prefix = "slipway.live-state")
@Validated
record LiveStateSettings(@DefaultValue("true") boolean enabled, @DefaultValue("100ms") @NotNull Duration quiet) {}
