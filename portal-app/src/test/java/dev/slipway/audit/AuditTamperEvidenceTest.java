package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testsupport.TestDatabase;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tamper evidence where tampering is possible: in a database of its own, a superuser switches the
 * append-only trigger off and edits the trail behind Slipway's back, and verification names the first
 * event that no longer fits. Also: the restricted role of the README can add and read events, and can
 * neither change them nor switch the protection off.
 */
class AuditTamperEvidenceTest {

    @Test
    void verifyNamesARowAlteredBehindSlipwaysBack() {
        try (TemporaryDatabase db = TemporaryDatabase.create()) {
            long altered = fiveEvents(db) - 2;
            assertThat(new ChainVerifier(db.jdbc).verify()).isEqualTo(new ChainVerification(true, 5, null));

            asSuperuserWithoutTrigger(db, "update audit_events set details = '{\"approvedBy\":\"mallory\"}'"
                    + " where id = " + altered);

            assertThat(new ChainVerifier(db.jdbc).verify()).isEqualTo(new ChainVerification(false, 2, altered));
        }
    }

    @Test
    void verifyNamesTheEventAfterARowDeletedOrReHashed() {
        try (TemporaryDatabase db = TemporaryDatabase.create()) {
            long last = fiveEvents(db);
            long deleted = last - 3;
            asSuperuserWithoutTrigger(db, "delete from audit_events where id = " + deleted);
            assertThat(new ChainVerifier(db.jdbc).verify().firstBrokenId()).isEqualTo(deleted + 1);
        }
        try (TemporaryDatabase db = TemporaryDatabase.create()) {
            long last = fiveEvents(db);
            // A forger who also recomputes the edited row's hash still breaks the link of the row after it.
            long forged = last - 1;
            Map<String, Object> row = db.jdbc.queryForMap("select prev_hash, occurred_at, action, target_type, target,"
                    + " team, service, environment, details::text as details from audit_events where id = ?", forged);
            String forgedHash = ChainHash.of((String) row.get("prev_hash"),
                    ((Timestamp) row.get("occurred_at")).toInstant(), "mallory", (String) row.get("action"),
                    (String) row.get("target_type"), (String) row.get("target"), (String) row.get("team"),
                    (String) row.get("service"), (String) row.get("environment"),
                    ChainHash.canonicalDetails((String) row.get("details")));
            asSuperuserWithoutTrigger(db, "update audit_events set actor = 'mallory', hash = '" + forgedHash
                    + "' where id = " + forged);
            assertThat(new ChainVerifier(db.jdbc).verify().firstBrokenId()).isEqualTo(last);
        }
    }

    @Test
    void restrictedRoleCanAppendAndReadButNeitherRewriteNorDisableTheTrail() {
        try (TemporaryDatabase db = TemporaryDatabase.create()) {
            fiveEvents(db);
            String role = "slipway_app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            db.jdbc.execute("create role " + role + " login in role slipway_writer");
            try {
                JdbcTemplate app = new JdbcTemplate(TestDatabase.postgres().getDatabase(role, db.name));
                var appTx = new TransactionTemplate(new DataSourceTransactionManager(app.getDataSource()));
                appTx.executeWithoutResult(status -> {
                    app.update("insert into teams (slug, name) values ('restricted', 'Restricted')");
                    new ChainAppender(app, Clock.systemUTC()).append(
                            AuditEntry.of("alice", "team.created", "team", "restricted").withTeam("restricted"));
                });
                assertThat(app.queryForObject("select count(*) from audit_events", Integer.class)).isEqualTo(6);
                assertThat(new ChainVerifier(app).verify().valid()).isTrue();
                app.update("update teams set name = 'Still allowed' where slug = 'restricted'");

                for (String forbidden : new String[] {"update audit_events set actor = 'mallory'",
                        "delete from audit_events", "truncate audit_events",
                        "alter table audit_events disable trigger audit_events_append_only",
                        "drop trigger audit_events_append_only on audit_events"}) {
                    assertThatThrownBy(() -> app.execute(forbidden)).as(forbidden)
                            .isInstanceOf(DataAccessException.class)
                            .rootCause().hasMessageMatching("(?s).*(permission denied|must be owner).*");
                }
                assertThat(new ChainVerifier(db.jdbc).verify().valid()).isTrue();
            } finally {
                db.jdbc.execute("drop owned by " + role);
                db.jdbc.execute("drop role " + role);
            }
        }
    }

    /** Appends five events and returns the id of the last. */
    private static long fiveEvents(TemporaryDatabase db) {
        for (int i = 1; i <= 5; i++) {
            db.append(AuditEntry.of("bob", "deployment.approved", "deployment", String.valueOf(i))
                    .withTeam("payments").withService("api").withEnvironment("prod")
                    .withDetails(Map.of("request", i, "comment", "ship it " + i)));
        }
        return db.jdbc.queryForObject("select max(id) from audit_events", Long.class);
    }

    private static void asSuperuserWithoutTrigger(TemporaryDatabase db, String statement) {
        db.jdbc.execute("alter table audit_events disable trigger audit_events_append_only");
        db.jdbc.execute(statement);
        db.jdbc.execute("alter table audit_events enable trigger audit_events_append_only");
    }
}
