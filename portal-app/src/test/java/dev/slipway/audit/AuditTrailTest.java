package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testsupport.SlipwayTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

@SlipwayTest
class AuditTrailTest {

    @Autowired AuditTrail audit;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;

    @Test
    void eventsFormAnUnbrokenHashChain() {
        tx.executeWithoutResult(status -> audit.record(AuditEntry.of("tester", "test.chained", "test", "one")
                .withDetails(Map.of("b", 2, "a", "x"))));
        tx.executeWithoutResult(status -> audit.record(AuditEntry.of("tester", "test.chained", "test", "two")));

        ChainVerification result = audit.verify();

        assertThat(result.valid()).isTrue();
        assertThat(result.checked()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void eightConcurrentWritersNeverForkTheChain() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int writer = 0; writer < 8; writer++) {
                int id = writer;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        int n = i;
                        tx.executeWithoutResult(status -> audit.record(
                                AuditEntry.of("writer-" + id, "test.concurrent", "test", id + "-" + n)));
                    }
                }));
            }
            for (var future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(audit.verify().valid()).isTrue();
        Integer forks = jdbc.queryForObject(
                "select count(*) from (select prev_hash from audit_events group by prev_hash having count(*) > 1) f",
                Integer.class);
        assertThat(forks).isZero();
    }

    @Test
    void anEventIsNeverOlderThanTheOneBeforeItEvenWhenTheClockGoesBack() {
        tx.executeWithoutResult(status -> audit.record(AuditEntry.of("tester", "test.clock", "test", "now")));

        tx.executeWithoutResult(status -> {
            Clock behind = Clock.fixed(Instant.parse("2001-01-01T00:00:00Z"), ZoneOffset.UTC);
            new ChainAppender(jdbc, behind).append(AuditEntry.of("tester", "test.clock", "test", "behind"));
            Map<String, Object> times = jdbc.queryForMap("select e.occurred_at as appended, p.occurred_at as before"
                    + " from audit_events e join audit_events p on p.hash = e.prev_hash where e.id = (select max(id)"
                    + " from audit_events)");
            assertThat(times.get("appended")).isEqualTo(times.get("before"));
            status.setRollbackOnly();
        });
    }

    @Test
    void recordingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> audit.record(AuditEntry.of("tester", "test.orphan", "test", "x")))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void databaseRefusesUpdateDeleteAndTruncate() {
        tx.executeWithoutResult(status -> audit.record(AuditEntry.of("tester", "test.immutable", "test", "x")));

        assertThatThrownBy(() -> jdbc.update("update audit_events set actor = 'mallory'"))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("delete from audit_events"))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("truncate audit_events"))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
    }
}
