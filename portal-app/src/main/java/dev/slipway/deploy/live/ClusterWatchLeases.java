package dev.slipway.deploy.live;

import dev.slipway.clusters.ClusterService;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who acts for a cluster: one lease per cluster in {@code cluster_watch_leases}. Every replica watches
 * every cluster, but only the lease holder audits drift, self-heals and records health transitions.
 * Expiry is judged by the database clock alone ({@code clock_timestamp()}), never the JVM's: replicas'
 * clocks differ, the database's is the one they share. Each call commits on its own, so a lease never
 * waits for a caller's transaction.
 */
@Component
public class ClusterWatchLeases {

    /** How long a lease lasts without renewal. */
    public static final Duration TTL = Duration.ofSeconds(10);

    /**
     * How often the holder renews. A holder that dies is replaced within {@code TTL + RENEW_EVERY} = 13 s
     * (its last renewal may have come just before it died, and the next replica's attempt up to 3 s after
     * expiry), under 15 s; three renewals fit in one TTL, so two lost ones (a GC pause, a slow query) do
     * not lose the lease.
     */
    public static final Duration RENEW_EVERY = Duration.ofSeconds(3);

    private final JdbcTemplate jdbc;
    private final ClusterService clusters;

    public ClusterWatchLeases(JdbcTemplate jdbc, ClusterService clusters) {
        this.jdbc = jdbc;
        this.clusters = clusters;
    }

    /**
     * Takes the lease of {@code clusterId} for {@code ttl} if it is free or expired, or renews it if
     * {@code owner} holds it already; true when {@code owner} holds it afterwards. False for a cluster
     * that does not exist. One statement, so two replicas racing for a free lease cannot both win.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean tryHold(long clusterId, String owner, Duration ttl) {
        return tryHoldAll(List.of(clusterId), owner, ttl).contains(clusterId);
    }

    /**
     * {@link #tryHold} for several clusters in one statement (the cache renews every cluster's lease every
     * {@link #RENEW_EVERY}, so its cost must not grow in queries with the number of clusters); returns the ids
     * {@code owner} holds afterwards. Ids of clusters that do not exist are left out.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Set<Long> tryHoldAll(Collection<Long> clusterIds, String owner, Duration ttl) {
        // Which clusters exist is the clusters feature's to say (docs/architecture.md). A cluster deleted between
        // this read and the insert fails the insert's foreign key: that round of renewals is lost, the next one
        // (RENEW_EVERY later, well within the TTL) goes through.
        Set<Long> registered = clusters.clusterIds();
        Long[] existing = clusterIds.stream().filter(registered::contains).distinct().sorted().toArray(Long[]::new);
        if (existing.length == 0) {
            return Set.of();
        }
        List<Long> held = jdbc.queryForList("insert into cluster_watch_leases"
                + " (cluster_id, owner, acquired_at, renewed_at, expires_at)"
                + " select id, ?, clock_timestamp(), clock_timestamp(), clock_timestamp() + make_interval(secs => ?)"
                + " from unnest(?::bigint[]) as c(id) order by id"
                + " on conflict (cluster_id) do update set owner = excluded.owner,"
                + " acquired_at = case when cluster_watch_leases.owner = excluded.owner"
                + " then cluster_watch_leases.acquired_at else excluded.acquired_at end,"
                + " renewed_at = excluded.renewed_at, expires_at = excluded.expires_at"
                + " where cluster_watch_leases.owner = excluded.owner"
                + " or cluster_watch_leases.expires_at < clock_timestamp()"
                + " returning cluster_id", Long.class, owner, ttl.toMillis() / 1000.0, (Object) existing);
        return new HashSet<>(held);
    }

    /** Gives the lease up at once (a replica shutting down), so another takes over without waiting for expiry. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void release(long clusterId, String owner) {
        jdbc.update("delete from cluster_watch_leases where cluster_id = ? and owner = ?", clusterId, owner);
    }

    /** The owner of the unexpired lease of {@code clusterId}, if any. */
    @Transactional(propagation = Propagation.REQUIRES_NEW, readOnly = true)
    public Optional<String> holder(long clusterId) {
        return jdbc.queryForList("select owner from cluster_watch_leases where cluster_id = ?"
                + " and expires_at >= clock_timestamp()", String.class, clusterId).stream().findFirst();
    }
}
