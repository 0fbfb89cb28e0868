package dev.slipway.approvals;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How team webhooks are delivered ({@code slipway.webhooks.*}). A failed delivery is tried again after
 * {@code backoffBase}, doubling up to {@code backoffMax}, until {@code maxAttempts}; each attempt gives
 * up after {@code timeout}, so a slow receiver never holds the sender for long.
 */
@ConfigurationProperties(prefix = "slipway.webhooks")
public record WebhookSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("2s") Duration backoffBase,
        @DefaultValue("5m") Duration backoffMax,
        @DefaultValue("10s") Duration timeout) {

    Duration backoff(int attempt) {
        long millis = backoffBase.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, backoffMax.toMillis()));
    }

    /** How long a claimed delivery stays with its sender before another may take it over. */
    Duration lease() {
        return timeout.plusSeconds(30);
    }
}
