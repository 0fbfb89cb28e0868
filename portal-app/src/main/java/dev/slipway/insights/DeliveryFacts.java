package dev.slipway.insights;

import dev.slipway.common.ReadModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads deployment facts from the deployer's tables (requests, sync runs) and the catalog's revisions, by
 * SQL: insights only read them. Besides the facts of the period it reads, per service and environment,
 * the last fact and the last deployment before it (what was running, whether it was failing) and the
 * first deployment after it (when a failure of the period was restored), so no fact outside the period
 * needs to be loaded.
 *
 * <p>A read model (docs/architecture.md): delivery figures are a join of requests, sync runs and revisions with
 * the names of services, teams and environments, and the period's figures plus the facts just before and after
 * it come from one statement over the join; asking each feature row by row would load every request of every
 * service. It only reads.
 */
@Component
@ReadModel(reads = {"deployment_requests", "sync_runs", "services", "teams", "environments", "revisions"})
class DeliveryFacts {

    private final JdbcTemplate jdbc;

    DeliveryFacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Facts of {@code teams} (null: every team), in {@code environment} (null: every environment). */
    @Transactional(readOnly = true)
    List<DeploymentFact> read(List<String> teams, String environment, Period period) {
        List<Object> scopeArgs = new ArrayList<>();
        StringBuilder scope = new StringBuilder();
        if (teams != null) {
            scope.append(" and t.slug in (").append(String.join(", ", teams.stream().map(t -> "?").toList())).append(")");
            scopeArgs.addAll(teams);
        }
        if (environment != null) {
            scope.append(" and e.name = ?");
            scopeArgs.add(environment);
        }
        String joins = " join services s on s.id = r.service_id join teams t on t.id = s.team_id"
                + " join environments e on e.id = r.environment_id"
                + " join revisions v on v.service_id = r.service_id and v.number = r.revision";
        String columns = "r.id as request_id, t.slug as team, s.name as service, e.name as environment, r.revision,"
                + " v.created_at as revision_created_at";
        String sql = "with facts as ("
                + " select " + columns + ", 'SYNCED' as outcome, r.synced_at as at from deployment_requests r" + joins
                + " where r.state = 'SYNCED' and r.synced_at is not null" + scope
                + " union all"
                + " select " + columns + ", 'FAILED' as outcome, f.ended_at as at from sync_runs f"
                + " join deployment_requests r on r.id = f.request_id" + joins
                + " where f.outcome = 'FAILED' and f.ended_at is not null" + scope
                // A revision rolled back automatically was a failed change, from its sync (docs/auto-rollback.md).
                + " union all"
                + " select " + columns + ", 'FAILED' as outcome, r.synced_at as at from deployment_requests r" + joins
                + " where r.state = 'ROLLED_BACK' and r.synced_at is not null" + scope
                + ")"
                + " select * from facts where at >= ? and at < ?"
                + " union select * from (select distinct on (service, environment) * from facts where at < ?"
                + " order by service, environment, at desc) last_before"
                + " union select * from (select distinct on (service, environment) * from facts where at < ?"
                + " and outcome = 'SYNCED' order by service, environment, at desc) deployed_before"
                + " union select * from (select distinct on (service, environment) * from facts where at >= ?"
                + " and outcome = 'SYNCED' order by service, environment, at) deployed_after";
        List<Object> args = new ArrayList<>(scopeArgs);
        args.addAll(scopeArgs);
        args.addAll(scopeArgs);
        Timestamp from = Timestamp.from(period.from());
        Timestamp to = Timestamp.from(period.to());
        args.addAll(List.of(from, to, from, from, to));
        return jdbc.query(sql, (rs, i) -> fact(rs), args.toArray());
    }

    private static DeploymentFact fact(ResultSet rs) throws SQLException {
        return new DeploymentFact(rs.getLong("request_id"), rs.getString("team"), rs.getString("service"),
                rs.getString("environment"), rs.getInt("revision"),
                rs.getObject("revision_created_at", OffsetDateTime.class).toInstant(),
                DeploymentFact.Outcome.valueOf(rs.getString("outcome")),
                rs.getObject("at", OffsetDateTime.class).toInstant());
    }
}
