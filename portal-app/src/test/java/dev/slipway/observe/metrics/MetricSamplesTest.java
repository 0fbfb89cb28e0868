package dev.slipway.observe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.SlipwayTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The usage history stays bounded in the real database: by age (retention) and by count per service and
 * environment, whatever the sampling interval. Everything happens in a transaction that is rolled back.
 */
@SlipwayTest
class MetricSamplesTest {

    private static final PodUsages.Total TOTAL = new PodUsages.Total(120, 64L * 1024 * 1024, 2);

    @Autowired MetricSamples samples;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;

    @Test
    void samplesOlderThanTheRetentionAreDroppedWhenThePairIsSampledAgain() {
        inRolledBackTransaction(pair -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Duration retention = Duration.ofHours(24);
            for (int hoursAgo : List.of(30, 25, 23, 1)) {
                jdbc.update("insert into metric_samples values (?, ?, ?, 1, 1, 1)", pair[0], pair[1],
                        java.sql.Timestamp.from(now.minus(Duration.ofHours(hoursAgo))));
            }
            samples.record(pair[0], pair[1], now, TOTAL, now.minus(retention), 1000);

            List<Instant> kept = jdbc.queryForList("select sampled_at from metric_samples where service_id = ?"
                    + " and environment_id = ? order by sampled_at", java.sql.Timestamp.class, pair[0], pair[1])
                    .stream().map(java.sql.Timestamp::toInstant).toList();
            assertThat(kept).containsExactly(now.minus(Duration.ofHours(23)), now.minus(Duration.ofHours(1)), now);
        });
    }

    @Test
    void noPairKeepsMoreThanItsCapEvenWithinTheRetention() {
        inRolledBackTransaction(pair -> {
            Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofMinutes(10));
            for (int i = 0; i < 60; i++) {
                Instant at = start.plusSeconds(i);
                samples.record(pair[0], pair[1], at, new PodUsages.Total(i, i, 1), at.minus(Duration.ofHours(24)), 25);
                assertThat(samples.count(pair[0], pair[1])).isLessThanOrEqualTo(25);
            }
            assertThat(samples.count(pair[0], pair[1])).isEqualTo(25);
            List<MetricSamples.Sample> series = samples.series(pair[0], pair[1], start, Duration.ZERO);
            assertThat(series).hasSize(25);
            assertThat(series.get(0).at()).as("the newest are kept").isEqualTo(start.plusSeconds(35));
            assertThat(series.get(24).cpuMillicores()).isEqualTo(59);
        });
    }

    @Test
    void thePurgeDropsOldRowsOfPairsNoLongerSampled() {
        inRolledBackTransaction(pair -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            jdbc.update("insert into metric_samples values (?, ?, ?, 1, 1, 1)", pair[0], pair[1],
                    java.sql.Timestamp.from(now.minus(Duration.ofHours(25))));
            jdbc.update("insert into metric_samples values (?, ?, ?, 1, 1, 1)", pair[0], pair[1],
                    java.sql.Timestamp.from(now.minus(Duration.ofHours(2))));
            assertThat(samples.purge(now.minus(Duration.ofHours(24)))).isGreaterThanOrEqualTo(1);
            assertThat(samples.count(pair[0], pair[1])).isEqualTo(1);
        });
    }

    @Test
    void aLongWindowIsAveragedIntoBuckets() {
        inRolledBackTransaction(pair -> {
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < 8; i++) {
                jdbc.update("insert into metric_samples values (?, ?, ?, ?, ?, 1)", pair[0], pair[1],
                        java.sql.Timestamp.from(start.plusSeconds(15L * i)), i < 4 ? 100 : 300, 1000);
            }
            List<MetricSamples.Sample> series = samples.series(pair[0], pair[1], start, Duration.ofMinutes(1));
            assertThat(series).extracting(MetricSamples.Sample::cpuMillicores).containsExactly(100L, 300L);
            assertThat(series.get(1).at()).isEqualTo(start.plusSeconds(60));
        });
    }

    /** A service and an environment of a cluster of their own, gone again when the test ends. */
    private void inRolledBackTransaction(java.util.function.Consumer<long[]> test) {
        tx.executeWithoutResult(status -> {
            status.setRollbackOnly();
            String name = "m-" + UUID.randomUUID().toString().substring(0, 8);
            Long cluster = jdbc.queryForObject("insert into clusters (name, connection, created_by)"
                    + " values (?, 'IN_CLUSTER', 'test') returning id", Long.class, name);
            Long environment = jdbc.queryForObject("insert into environments (name, cluster_id, created_by)"
                    + " values (?, ?, 'test') returning id", Long.class, name, cluster);
            Long team = jdbc.queryForObject("select id from teams order by id limit 1", Long.class);
            Long service = jdbc.queryForObject("insert into services (name, team_id, created_by)"
                    + " values (?, ?, 'test') returning id", Long.class, name, team);
            test.accept(new long[] {service, environment});
        });
    }
}
