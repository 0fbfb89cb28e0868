package dev.slipway.deploy.live;

import dev.slipway.clusters.ClusterWatches;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The live-state cache's watches of a cluster, as the cluster page shows them. */
@Component
class ClusterWatchReport implements ClusterWatches {

    private final LiveStateCache cache;

    ClusterWatchReport(LiveStateCache cache) {
        this.cache = cache;
    }

    @Override
    public Optional<WatchState> of(String cluster) {
        return cache.connection(cluster).map(c -> new WatchState(c.synced(), c.failingSince(), c.failure(),
                c.lastEventAt(), cache.holdsLease(cluster)));
    }
}
