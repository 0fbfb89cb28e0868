package dev.slipway.deploy.live;

import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Placeholder until the real lease lands (branch parts). */
@Component
public class ClusterWatchLeases {

    public static final Duration TTL = Duration.ofSeconds(10);
    public static final Duration RENEW_EVERY = Duration.ofSeconds(3);

    public boolean tryHold(long clusterId, String owner, Duration ttl) {
        return true;
    }

    public void release(long clusterId, String owner) {}

    public Optional<String> holder(long clusterId) {
        return Optional.empty();
    }
}
