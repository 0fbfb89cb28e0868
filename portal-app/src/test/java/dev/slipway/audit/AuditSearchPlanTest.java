package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Search stays cheap at a million events. A database of its own gets a million generated events (their
 * hashes are no valid chain, which is why they are not in the shared database), and the plan of every kind
 * of search is read with EXPLAIN ANALYZE: an index walked newest first, no sequential scan, no sort of
 * everything that matched, and only about a page of rows looked at. Rows looked at, not milliseconds, are
 * what is asserted; the timings are logged for the record.
 */
class AuditSearchPlanTest {

    private static final Logger log = LoggerFactory.getLogger(AuditSearchPlanTest.class);
    private static final int EVENTS = 1_000_000;
    private static final int PAGE = 51;
    /** A page is 51 rows; PostgreSQL may read up to fifty times that where a filter matches often anyway. */
    private static final long MAX_ROWS_READ = 50L * PAGE;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TemporaryDatabase db;

    @BeforeAll
    static void aMillionEvents() {
        db = TemporaryDatabase.create();
        long started = System.nanoTime();
        // One event a minute from 2023-01-01 (about 694 days); 40 teams, 500 services, 3 environments,
        // 200 actors, 10 actions; every 50th event has no team, like sign-ins and user accounts.
        db.bulkLoad(() -> db.jdbc.update("insert into audit_events (occurred_at, actor, action, target_type, target,"
                + " team, service, environment, details, prev_hash, hash)"
                + " select timestamptz '2023-01-01 00:00:00+00' + g * interval '1 minute', 'user-' || (g % 200),"
                + " (array['deployment.requested', 'deployment.approved', 'deployment.synced', 'deployment.failed',"
                + " 'revision.created', 'secret.set', 'service.created', 'access.denied', 'team.member.set',"
                + " 'signin.failed'])[1 + g % 10], 'service', 'svc-' || (g % 500),"
                + " case when g % 50 = 0 then null else 'team-' || (g % 40) end, 'svc-' || (g % 500),"
                + " (array['dev', 'staging', 'prod'])[1 + g % 3], jsonb_build_object('n', g),"
                + " md5('p' || g) || md5('q' || g), md5('h' || g) || md5('i' || g)"
                + " from generate_series(1, " + EVENTS + ") g"));
        log.info("Generated {} audit events in {} ms", EVENTS, (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void dropIt() {
        db.close();
    }

    @Test
    void everySearchWalksAnIndexNewestFirstAndReadsAboutAPage() {
        List<Case> cases = List.of(
                new Case("newest page, admin", AuditQuery.EVERYTHING, null, null),
                new Case("deep page (cursor in the middle)", AuditQuery.EVERYTHING, null, 500_000L),
                new Case("team", query(null, "team-7", null, null, null), null, null),
                new Case("service", query(null, null, "svc-42", null, null), null, null),
                new Case("environment", query(null, null, null, "prod", null), null, null),
                new Case("actor", query("user-13", null, null, null, null), null, null),
                new Case("action", query(null, null, null, null, "deployment.failed"), null, null),
                new Case("one day", between("2024-02-01T00:00:00Z", "2024-02-02T00:00:00Z"), null, null),
                new Case("one day, one team", new AuditQuery(null, "team-3", null, null, null,
                        Instant.parse("2024-02-01T00:00:00Z"), Instant.parse("2024-02-02T00:00:00Z")), null, null),
                new Case("one year, one team", new AuditQuery(null, "team-3", null, null, null,
                        Instant.parse("2023-06-01T00:00:00Z"), Instant.parse("2024-06-01T00:00:00Z")), null, null),
                new Case("engineer of three teams", AuditQuery.EVERYTHING, List.of("team-1", "team-2", "team-3"), null),
                new Case("engineer of three teams, deep page", AuditQuery.EVERYTHING,
                        List.of("team-1", "team-2", "team-3"), 300_000L),
                new Case("engineer of three teams, service", query(null, null, "svc-41", null, null),
                        List.of("team-1", "team-2", "team-3"), null));

        List<String> report = new ArrayList<>();
        List<Plan> plans = new ArrayList<>();
        for (Case c : cases) {
            Plan plan = explain(AuditSql.select(c.query(), c.scope().teamsFor(c.query().team()),
                    IdRange.of(db.jdbc, c.query()), c.before(), PAGE));
            plans.add(plan);
            report.add(String.format("%-40s %8.2f ms %7d rows read %6d buffers  %s", c.name(), plan.milliseconds(),
                    plan.rowsRead(), plan.buffers(), plan.summary()));
        }
        log.info("Search plans over {} events:\n{}", EVENTS, String.join("\n", report));
        for (int i = 0; i < cases.size(); i++) {
            String name = cases.get(i).name();
            assertThat(plans.get(i).nodeTypes()).as(name).doesNotContain("Seq Scan");
            assertThat(plans.get(i).rowsRead()).as(name + ": rows read").isLessThanOrEqualTo(MAX_ROWS_READ);
        }
        for (int i : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 9}) {
            assertThat(plans.get(i).nodeTypes()).as(cases.get(i).name()).doesNotContain("Sort");
            assertThat(plans.get(i).rowsRead()).as(cases.get(i).name()).isEqualTo(PAGE);
        }
    }

    @Test
    void filtersThatNeverMeetStillUseAnIndexAndAreBoundedByTheSmallerSide() {
        // team-7 only ever has action number 8 (g % 40 = 7 means g % 10 = 7): nothing matches, so the walk
        // reads one side of the filter to its end. It must still be an index walk, never the whole table.
        Plan plan = explain(AuditSql.select(query(null, null, null, null, "deployment.failed"), List.of("team-7"),
                IdRange.ALL, null, PAGE));
        log.info("Filters that never meet: {} ms, {} rows read, {}", plan.milliseconds(), plan.rowsRead(), plan.summary());
        assertThat(plan.nodeTypes()).doesNotContain("Seq Scan");
        assertThat(plan.rowsRead()).isLessThanOrEqualTo(EVENTS / 10 + 1);
    }

    @Test
    void anExportReadsTheRowsOfItsFilterThroughAnIndexNotTheWholeTable() {
        // No LIMIT here: PostgreSQL may rather collect the matching rows and sort them on its side, which
        // costs the database, not Slipway's memory (the rows still reach Slipway through a cursor).
        for (List<String> teams : List.of(List.of("team-5"), List.of("team-1", "team-2", "team-3"))) {
            Plan plan = explain(AuditSql.select(query(null, null, null, "prod", null), teams, IdRange.ALL, null, null));
            log.info("Export for {} in prod: {} ms, {} rows read, {}", teams, plan.milliseconds(), plan.rowsRead(),
                    plan.summary());
            assertThat(plan.nodeTypes()).doesNotContain("Seq Scan");
            assertThat(plan.rowsRead()).isLessThanOrEqualTo(teams.size() * (long) EVENTS / 40 + teams.size());
        }
    }

    private static AuditQuery query(String actor, String team, String service, String environment, String action) {
        return new AuditQuery(actor, team, service, environment, action, null, null);
    }

    private static AuditQuery between(String from, String to) {
        return new AuditQuery(null, null, null, null, null, Instant.parse(from), Instant.parse(to));
    }

    private static Plan explain(AuditSql sql) {
        String text = db.jdbc.queryForObject("explain (analyze, buffers, format json) " + sql.sql(), String.class,
                sql.args().toArray());
        JsonNode root = JSON.readTree(text).get(0);
        Plan plan = new Plan(root.get("Execution Time").asDouble(), new ArrayList<>(), new ArrayList<>());
        walk(root.get("Plan"), plan);
        return plan;
    }

    private static void walk(JsonNode node, Plan plan) {
        String type = node.get("Node Type").asString();
        plan.nodeTypes().add(type);
        if (type.endsWith("Scan") && node.has("Relation Name")) {
            plan.scanNodes().add(node);
        }
        for (JsonNode child : node.path("Plans")) {
            walk(child, plan);
        }
    }

    /** One search; {@code teams} null: a platform admin's, otherwise an engineer's of these teams. */
    private record Case(String name, AuditQuery query, List<String> teams, Long before) {

        AuditScope scope() {
            return teams == null ? new AuditScope(true, Set.of()) : new AuditScope(false, Set.copyOf(teams));
        }
    }

    private record Plan(double milliseconds, List<String> nodeTypes, List<JsonNode> scanNodes) {

        /** The scans in plan order, for example "Index Scan Backward audit_events_team_id". */
        List<String> summary() {
            return scanNodes.stream().map(scan -> scan.get("Node Type").asString()
                    + (scan.has("Scan Direction") ? " " + scan.get("Scan Direction").asString() : "")
                    + (scan.has("Index Name") ? " " + scan.get("Index Name").asString() : "")).toList();
        }

        /** Rows every scan of audit_events produced or filtered away (the InitPlans' probes included). */
        long rowsRead() {
            return scanNodes.stream().mapToLong(scan -> (scan.path("Actual Rows").asLong()
                    + scan.path("Rows Removed by Filter").asLong()) * scan.path("Actual Loops").asLong(1)).sum();
        }

        long buffers() {
            return scanNodes.stream().mapToLong(scan -> scan.path("Shared Hit Blocks").asLong()
                    + scan.path("Shared Read Blocks").asLong()).sum();
        }

    }
}
