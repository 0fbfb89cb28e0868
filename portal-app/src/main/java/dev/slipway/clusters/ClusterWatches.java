package dev.slipway.clusters;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.Optional;

/**
 * How this replica's watches of a cluster fare, for the cluster page. Clusters shows it without depending
 * on the deployer: the deploy feature's live-state cache implements this (docs/live-state.md).
 */
public interface ClusterWatches {

    /** Empty while the cluster is not watched (yet, or live state is switched off). */
    Optional<WatchState> of(String cluster);

    /**
     * {@code listed}: every kind has been listed and is watched; {@code failingSince} and {@code error} while a
     * watch cannot reach the API server; {@code lastEventAt} the last list or event seen.
     */
    record WatchState(boolean listed, @Nullable Instant failingSince, @Nullable String error,
            @Nullable Instant lastEventAt, boolean actsHere) {}
}
