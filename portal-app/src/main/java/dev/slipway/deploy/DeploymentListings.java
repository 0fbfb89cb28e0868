package dev.slipway.deploy;

import dev.slipway.common.PageRequest;
import dev.slipway.common.ReadModel;
import dev.slipway.deploy.requests.DecisionView;
import dev.slipway.deploy.requests.DeploymentRules;
import dev.slipway.deploy.requests.DeploymentView;
import dev.slipway.deploy.requests.RequestState;
import dev.slipway.deploy.requests.SyncRunView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The lists of deployment requests that pages and the API show: each request with its service's and team's
 * names and its environment's name, filtered and paged by them (state, team, environment, service, keyset on
 * the id), the approval queue of one person, and what runs in an environment. A read model
 * (docs/architecture.md): showing and filtering requests by the names of three other features' rows is the
 * point of these queries, and one keyset query over the join serves a page of up to 500 rows where asking the
 * catalog, identity and clusters per row would not. The approval queue reads team leads from identity's tables
 * in the same statement, the rule of {@link DeploymentRules#refusalToDecide}, so the badge on every page stays
 * one count. It only reads: requests change through {@link DeploymentService}.
 */
@Component
@ReadModel(reads = {"services", "teams", "environments", "team_memberships", "users"})
class DeploymentListings {

    private final JdbcTemplate jdbc;

    DeploymentListings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Requests waiting for {@code username}'s decision, longest waiting first. */
    List<DeploymentView> waitingFor(String username, int limit) {
        return jdbc.query(SELECT + WAITING_FOR + " order by r.updated_at, r.id limit ?",
                (rs, i) -> row(rs, List.of(), List.of()), username, username, username,
                Math.max(1, Math.min(limit, 500)));
    }

    long countWaitingFor(String username) {
        Long count = jdbc.queryForObject("select count(*) from deployment_requests r join services s on s.id = r.service_id"
                + WAITING_FOR, Long.class, username, username, username);
        return count == null ? 0 : count;
    }

    List<DeploymentView> requestedBy(String username, int limit) {
        return jdbc.query(SELECT + " where r.requested_by = ? order by r.id desc limit ?",
                (rs, i) -> row(rs, List.of(), List.of()), username, Math.max(1, Math.min(limit, 500)));
    }

    List<DeploymentView> list(RequestState state, String team, String environment, String service, int limit,
            Long beforeId) {
        StringBuilder sql = new StringBuilder(SELECT + " where true");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            sql.append(" and r.state = ?");
            args.add(state.name());
        }
        if (team != null && !team.isBlank()) {
            sql.append(" and t.slug = ?");
            args.add(team);
        }
        if (environment != null && !environment.isBlank()) {
            sql.append(" and e.name = ?");
            args.add(environment);
        }
        if (service != null && !service.isBlank()) {
            sql.append(" and s.name = ?");
            args.add(service);
        }
        if (beforeId != null) {
            sql.append(" and r.id < ?");
            args.add(beforeId);
        }
        sql.append(" order by r.id desc limit ?");
        args.add(Math.max(1, Math.min(limit, PageRequest.MAX_LIMIT + 1))); // one more than a page: proves there is a next one
        return jdbc.query(sql.toString(), (rs, i) -> row(rs, List.of(), List.of()), args.toArray());
    }

    /** One request with its decisions and runs, which are read only when it exists. */
    Optional<DeploymentView> view(long id, Supplier<List<DecisionView>> decisions, Supplier<List<SyncRunView>> runs) {
        return jdbc.query(SELECT + " where r.id = ?", (rs, i) -> row(rs, decisions.get(), runs.get()), id).stream()
                .findFirst();
    }

    /** See {@link DeploymentService#servicesIn}. */
    List<DeploymentService.EnvironmentService> servicesIn(long environmentId) {
        return jdbc.query("""
                with pairs as (
                    select service_id from deployed_state where environment_id = ?
                    union select distinct service_id from deployment_requests where environment_id = ?)
                select s.name, t.slug, d.revision, d.synced_at, coalesce(d.drift, false) as drift,
                       r.id as request_id, r.state, r.updated_at
                from pairs p join services s on s.id = p.service_id join teams t on t.id = s.team_id
                left join deployed_state d on d.service_id = s.id and d.environment_id = ?
                left join lateral (select x.id, x.state, x.updated_at from deployment_requests x
                    where x.service_id = s.id and x.environment_id = ? order by x.id desc limit 1) r on true
                order by s.name
                """, (rs, i) -> {
                    Integer revision = rs.getObject("revision") == null ? null : rs.getInt("revision");
                    Instant synced = instant(rs.getTimestamp("synced_at"));
                    Instant changed = instant(rs.getTimestamp("updated_at"));
                    return new DeploymentService.EnvironmentService(rs.getString("name"), rs.getString("slug"), revision,
                            rs.getString("state") == null ? null : RequestState.valueOf(rs.getString("state")),
                            rs.getObject("request_id") == null ? null : rs.getLong("request_id"),
                            changed != null && (synced == null || changed.isAfter(synced)) ? changed : synced,
                            rs.getBoolean("drift"));
                }, environmentId, environmentId, environmentId, environmentId);
    }

    private static final String SELECT = "select r.id, s.name as service, t.slug as team, r.revision, e.name as environment,"
            + " r.state, r.requested_by, r.decided_by, r.comment, r.created_at, r.decided_at, r.synced_at, r.updated_at,"
            + " r.rolled_back_by, r.rollback_of, r.rollback_note"
            + " from deployment_requests r join services s on s.id = r.service_id join teams t on t.id = s.team_id"
            + " join environments e on e.id = r.environment_id";

    /**
     * Pending requests someone else made that the user may decide: of teams they lead, or of an environment
     * whose fallback approver group they lead when the owning team has no lead besides the requester (the
     * rule of {@link DeploymentRules#refusalToDecide}). Parameters: username, username, username.
     */
    private static final String WAITING_FOR = " where r.state = 'PENDING_APPROVAL' and r.requested_by <> ?"
            + " and (exists (select 1 from team_memberships m join users u on u.id = m.user_id"
            + " where m.team_id = s.team_id and m.role = 'LEAD' and u.username = ?)"
            + " or (exists (select 1 from environments fe join teams ft on ft.slug = fe.fallback_approvers"
            + " join team_memberships fm on fm.team_id = ft.id join users fu on fu.id = fm.user_id"
            + " where fe.id = r.environment_id and fm.role = 'LEAD' and fu.username = ?)"
            + " and not exists (select 1 from team_memberships om join users ou on ou.id = om.user_id"
            + " where om.team_id = s.team_id and om.role = 'LEAD' and ou.username <> r.requested_by)))";

    private static DeploymentView row(java.sql.ResultSet rs, List<DecisionView> decisions, List<SyncRunView> runs)
            throws java.sql.SQLException {
        RequestState state = RequestState.valueOf(rs.getString("state"));
        return new DeploymentView(rs.getLong("id"), rs.getString("service"), rs.getString("team"), rs.getInt("revision"),
                rs.getString("environment"), state, rs.getString("requested_by"), rs.getString("decided_by"),
                rs.getString("comment"), rs.getString("comment"), decisions, rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("decided_at")),
                instant(rs.getTimestamp("synced_at")),
                state == RequestState.PENDING_APPROVAL ? rs.getTimestamp("updated_at").toInstant() : null, runs,
                rs.getObject("rolled_back_by") == null ? null : rs.getLong("rolled_back_by"),
                rs.getObject("rollback_of") == null ? null : rs.getLong("rollback_of"), rs.getString("rollback_note"));
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
