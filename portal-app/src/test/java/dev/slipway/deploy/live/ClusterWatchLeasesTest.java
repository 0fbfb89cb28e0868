package dev.slipway.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.SlipwayTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two replicas, A and B, competing for one cluster's lease on the real database. Short leases (1 s)
 * stand in for the real 10 s so that expiry is seen without long sleeps.
 */
@SlipwayTest
class ClusterWatchLeasesTest {

    private static final Duration SHORT_TTL = Duration.ofSeconds(1);
    private static final Duration SHORT_RENEW_EVERY = Duration.ofMillis(300);

    @Autowired ClusterWatchLeases leases;
    @Autowired JdbcTemplate jdbc;

    private final String a = "replica-a-" + UUID.randomUUID();
    private final String b = "replica-b-" + UUID.randomUUID();
    private long cluster;

    @BeforeEach
    void aCluster() {
        cluster = jdbc.queryForObject("insert into clusters (name, connection, created_by) values (?, 'IN_CLUSTER',"
                + " 'test') returning id", Long.class, "lease-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void oneReplicaHoldsTheLeaseAndTheOtherCannotTakeIt() {
        assertThat(leases.holder(cluster)).isEmpty();

        assertThat(leases.tryHold(cluster, a, ClusterWatchLeases.TTL)).isTrue();
        assertThat(leases.tryHold(cluster, b, ClusterWatchLeases.TTL)).isFalse();
        assertThat(leases.tryHold(cluster, a, ClusterWatchLeases.TTL)).as("renewal").isTrue();

        assertThat(leases.holder(cluster)).contains(a);
    }

    @Test
    void aRenewalKeepsWhenTheLeaseWasAcquiredAndMovesItsExpiry() throws Exception {
        leases.tryHold(cluster, a, SHORT_TTL);
        var before = jdbc.queryForMap("select acquired_at, expires_at from cluster_watch_leases where cluster_id = ?",
                cluster);
        Thread.sleep(50);

        assertThat(leases.tryHold(cluster, a, SHORT_TTL)).isTrue();

        var after = jdbc.queryForMap("select acquired_at, expires_at from cluster_watch_leases where cluster_id = ?",
                cluster);
        assertThat(after.get("acquired_at")).isEqualTo(before.get("acquired_at"));
        assertThat((java.sql.Timestamp) after.get("expires_at")).isAfter((java.sql.Timestamp) before.get("expires_at"));
    }

    @Test
    void aHolderThatStopsRenewingIsReplacedWithinTtlAndRenewInterval() throws Exception {
        assertThat(leases.tryHold(cluster, a, SHORT_TTL)).isTrue();
        long start = System.nanoTime();
        // A is killed: it renews no more. B tries as every replica does, once per renewal interval.
        boolean bHolds = leases.tryHold(cluster, b, SHORT_TTL);
        assertThat(bHolds).as("B while A's lease runs").isFalse();
        while (!bHolds && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(SHORT_RENEW_EVERY.toMillis());
            bHolds = leases.tryHold(cluster, b, SHORT_TTL);
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertThat(bHolds).isTrue();
        assertThat(waited).isLessThanOrEqualTo(SHORT_TTL.plus(SHORT_RENEW_EVERY).plusMillis(200));
        assertThat(leases.holder(cluster)).contains(b);
        // A, back from a long pause, finds the lease taken and does not steal it back.
        assertThat(leases.tryHold(cluster, a, SHORT_TTL)).isFalse();
    }

    @Test
    void anExpiredLeaseHasNoHolder() throws Exception {
        leases.tryHold(cluster, a, Duration.ofMillis(200));
        Thread.sleep(300);

        assertThat(leases.holder(cluster)).isEmpty();
    }

    @Test
    void releaseLetsAnotherReplicaTakeOverAtOnce() {
        leases.tryHold(cluster, a, ClusterWatchLeases.TTL);
        leases.release(cluster, b);
        assertThat(leases.holder(cluster)).as("only the holder releases").contains(a);

        leases.release(cluster, a);

        assertThat(leases.holder(cluster)).isEmpty();
        assertThat(leases.tryHold(cluster, b, ClusterWatchLeases.TTL)).isTrue();
        assertThat(leases.holder(cluster)).contains(b);
    }

    @Test
    void aDeletedClusterDropsItsLeaseAndCannotBeHeld() {
        leases.tryHold(cluster, a, ClusterWatchLeases.TTL);

        jdbc.update("delete from clusters where id = ?", cluster);

        assertThat(jdbc.queryForObject("select count(*) from cluster_watch_leases where cluster_id = ?", Integer.class,
                cluster)).isZero();
        assertThat(leases.holder(cluster)).isEmpty();
        assertThat(leases.tryHold(cluster, a, ClusterWatchLeases.TTL)).isFalse();
    }

    @Test
    void leasesOfDifferentClustersAreIndependent() {
        long other = jdbc.queryForObject("insert into clusters (name, connection, created_by) values (?, 'IN_CLUSTER',"
                + " 'test') returning id", Long.class, "lease-" + UUID.randomUUID().toString().substring(0, 8));

        assertThat(leases.tryHold(cluster, a, ClusterWatchLeases.TTL)).isTrue();
        assertThat(leases.tryHold(other, b, ClusterWatchLeases.TTL)).isTrue();

        assertThat(leases.holder(cluster)).contains(a);
        assertThat(leases.holder(other)).contains(b);
    }

    @Test
    void severalLeasesAreTakenAndRenewedInOneCallAndOnlyFreeOnesAreTaken() {
        long other = jdbc.queryForObject("insert into clusters (name, connection, created_by) values (?, 'IN_CLUSTER',"
                + " 'test') returning id", Long.class, "lease-" + UUID.randomUUID().toString().substring(0, 8));
        assertThat(leases.tryHold(other, b, ClusterWatchLeases.TTL)).isTrue();

        assertThat(leases.tryHoldAll(java.util.List.of(cluster, other, -1L), a, ClusterWatchLeases.TTL))
                .as("the free one, not b's, not one that does not exist").containsExactly(cluster);
        assertThat(leases.tryHoldAll(java.util.List.of(cluster, other), a, ClusterWatchLeases.TTL)).as("renewal")
                .containsExactly(cluster);
        assertThat(leases.holder(other)).contains(b);
        assertThat(leases.tryHoldAll(java.util.List.of(), a, ClusterWatchLeases.TTL)).isEmpty();
    }
}
