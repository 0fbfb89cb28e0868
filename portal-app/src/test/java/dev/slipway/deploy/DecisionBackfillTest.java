package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V72 on a database that has requests from before it: an approval had replaced the requester's reason
 * and a rejection had too; the reasons come back from the audit trail and each decision becomes a row.
 */
class DecisionBackfillTest {

    @Test
    void theMigrationBringsBackEachReasonAndKeepsEveryDecision() {
        String name = "backfill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        JdbcTemplate admin = new JdbcTemplate(TestDatabase.postgres().getPostgresDatabase());
        admin.execute("create database " + name);
        try {
            DataSource dataSource = TestDatabase.postgres().getDatabase("postgres", name);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            migrate(dataSource, "71");
            long approved = requestBeforeV72(jdbc, "APPROVED", "bob", "LGTM");
            long rejected = requestBeforeV72(jdbc, "REJECTED", "bob", "not during the freeze");
            long waiting = requestBeforeV72(jdbc, "PENDING_APPROVAL", null, "Launch checkout in prod");
            audit(jdbc, approved, "alice", "deployment.requested", "Launch checkout in prod");
            audit(jdbc, approved, "bob", "deployment.approved", "LGTM");
            audit(jdbc, rejected, "alice", "deployment.requested", "hotfix");
            audit(jdbc, rejected, "bob", "deployment.rejected", "not during the freeze");

            migrate(dataSource, "72");

            assertThat(jdbc.queryForObject("select comment from deployment_requests where id = ?", String.class,
                    approved)).isEqualTo("Launch checkout in prod");
            assertThat(jdbc.queryForObject("select comment from deployment_requests where id = ?", String.class,
                    rejected)).isEqualTo("hotfix");
            assertThat(jdbc.queryForObject("select comment from deployment_requests where id = ?", String.class,
                    waiting)).isEqualTo("Launch checkout in prod");
            assertThat(decisions(jdbc, approved)).containsExactly(Map.of("decided_by", "bob", "decision", "APPROVED",
                    "comment", "LGTM"));
            assertThat(decisions(jdbc, rejected)).containsExactly(Map.of("decided_by", "bob", "decision", "REJECTED",
                    "comment", "not during the freeze"));
            assertThat(decisions(jdbc, waiting)).isEmpty();
        } finally {
            admin.execute("drop database if exists " + name + " with (force)");
        }
    }

    private static void migrate(DataSource dataSource, String version) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(version).load().migrate();
    }

    private static long requestBeforeV72(JdbcTemplate jdbc, String state, String decidedBy, String comment) {
        if (jdbc.queryForObject("select count(*) from services", Integer.class) == 0) {
            jdbc.update("insert into teams (slug, name) values ('payments', 'Payments')");
            jdbc.update("insert into services (name, team_id, latest_revision, created_by) select 'api', id, 1, 'alice'"
                    + " from teams");
            jdbc.update("insert into revisions (service_id, number, spec, created_by) select id, 1, '{}', 'alice'"
                    + " from services");
            jdbc.update("insert into clusters (name, connection, created_by) values ('local', 'IN_CLUSTER', 'carol')");
            jdbc.update("insert into environments (name, cluster_id, created_by) select 'prod', id, 'carol' from clusters");
        }
        return jdbc.queryForObject("insert into deployment_requests (service_id, revision, environment_id, state,"
                + " requested_by, decided_by, comment, decided_at) select s.id, 1, e.id, ?, 'alice', ?, ?,"
                + " case when ?::text is null then null else now() end from services s, environments e returning id",
                Long.class, state, decidedBy, comment, decidedBy);
    }

    private static void audit(JdbcTemplate jdbc, long request, String actor, String action, String comment) {
        String hash = UUID.randomUUID().toString().replace("-", "");
        jdbc.update("insert into audit_events (occurred_at, actor, action, target_type, target, details, prev_hash, hash)"
                + " values (now(), ?, ?, 'deployment', ?, jsonb_build_object('comment', ?::text), ?, ?)", actor, action,
                String.valueOf(request), comment, hash + hash, hash + "0".repeat(32));
    }

    private static List<Map<String, Object>> decisions(JdbcTemplate jdbc, long request) {
        return jdbc.queryForList("select decided_by, decision, comment from deployment_decisions where request_id = ?"
                + " order by id", request);
    }
}
