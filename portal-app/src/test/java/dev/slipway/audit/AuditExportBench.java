package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Not a test (its name keeps it out of the build's test run, and it only runs when asked with
 * {@code -Dbench=true}): a million events through export and verify, measured. Run it with a small heap to
 * show that nothing holds all rows:
 *
 * <pre>
 * mvn -B -pl portal-app -am test -Dtest=AuditExportBench -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false \
 *     -DargLine=-Xmx64m
 * </pre>
 *
 * Results go to the log; bench/audit-export.md keeps a record of them.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class AuditExportBench {

    private static final int EVENTS = 1_000_000;

    @Test
    void aMillionEventsExportAndVerifyInAFewSecondsOfFlatMemory() throws IOException {
        try (TemporaryDatabase db = TemporaryDatabase.create()) {
            long started = System.nanoTime();
            db.bulkLoad(() -> db.jdbc.execute((Connection connection) -> {
                insertValidChain(connection);
                return null;
            }));
            report("load %d events with a valid chain: %d ms", EVENTS, millisSince(started));

            AuditExport export = new AuditExport(db.dataSource, new DataSourceTransactionManager(db.dataSource));
            for (ExportFormat format : ExportFormat.values()) {
                CountingStream out = new CountingStream();
                long exportStarted = System.nanoTime();
                long rows = export.export(new AuditScope(true, Set.of()), AuditQuery.EVERYTHING, format, out);
                report("export %s: %d events, %d MB, %d ms, heap used after: %d MB (max %d MB)", format, rows,
                        out.bytes >> 20, millisSince(exportStarted), usedHeapMb(), Runtime.getRuntime().maxMemory() >> 20);
                assertThat(rows).isEqualTo(EVENTS);
            }
            CountingStream teamOnly = new CountingStream();
            long teamStarted = System.nanoTime();
            long rows = export.export(new AuditScope(false, Set.of("team-1", "team-2")), AuditQuery.EVERYTHING,
                    ExportFormat.CSV, teamOnly);
            report("export CSV of two teams as an engineer: %d events, %d ms", rows, millisSince(teamStarted));

            long verifyStarted = System.nanoTime();
            ChainVerification verification = new ChainVerifier(db.jdbc).verify();
            report("verify: %s in %d ms", verification, millisSince(verifyStarted));
            assertThat(verification.valid()).isTrue();
        }
    }

    /** Events with a valid chain, computed here as the application would and sent in batches. */
    private static void insertValidChain(Connection connection) throws SQLException {
        String[] actions = {"deployment.requested", "deployment.approved", "deployment.synced", "deployment.failed",
            "revision.created", "secret.set", "service.created", "access.denied", "team.member.set", "signin.failed"};
        String[] environments = {"dev", "staging", "prod"};
        Instant start = Instant.parse("2023-01-01T00:00:00Z");
        String prev = ChainLink.GENESIS.hash();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("insert into audit_events (occurred_at, actor,"
                + " action, target_type, target, team, service, environment, details, prev_hash, hash)"
                + " values (?, ?, ?, 'service', ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            for (int g = 1; g <= EVENTS; g++) {
                Instant at = start.plus(g, ChronoUnit.MINUTES);
                String actor = "user-" + g % 200;
                String action = actions[g % 10];
                String service = "svc-" + g % 500;
                String team = g % 50 == 0 ? null : "team-" + g % 40;
                String environment = environments[g % 3];
                String details = ChainHash.canonicalDetails(Map.of("n", g, "comment", "change, \"" + g + "\""));
                String hash = ChainHash.of(prev, at, actor, action, "service", service, team, service, environment,
                        details);
                insert.setTimestamp(1, Timestamp.from(at));
                insert.setString(2, actor);
                insert.setString(3, action);
                insert.setString(4, service);
                insert.setString(5, team);
                insert.setString(6, service);
                insert.setString(7, environment);
                insert.setString(8, details);
                insert.setString(9, prev);
                insert.setString(10, hash);
                insert.addBatch();
                prev = hash;
                if (g % 10_000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        connection.commit();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static long usedHeapMb() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) >> 20;
    }

    private static void report(String format, Object... args) {
        System.out.println("[bench] " + String.format(format, args));
    }

    /** Counts bytes and forgets them, as a client reading the download would. */
    private static final class CountingStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
