package dev.slipway.deploy.engine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the deployer runs ({@code slipway.deployer.*}). Retries back off exponentially from
 * {@code backoffBase} up to {@code backoffMax}; after {@code maxAttempts} the request is FAILED. On
 * shutdown running syncs get {@code shutdownGrace} to finish; the leases of those still running then are
 * released, so another replica takes the jobs over at once instead of after the lease. A sync spends most
 * of its time waiting for the API server, so threads outnumber cores.
 */
@ConfigurationProperties(prefix = "slipway.deployer")
public record DeployerSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("8") int workers,
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("1s") Duration backoffBase,
        @DefaultValue("15s") Duration backoffMax,
        @DefaultValue("20s") Duration shutdownGrace) {

    Duration backoff(int attempt) {
        long millis = backoffBase.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, backoffMax.toMillis()));
    }
}
