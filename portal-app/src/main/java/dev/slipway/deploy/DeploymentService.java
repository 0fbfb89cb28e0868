package dev.slipway.deploy;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.identity.Actor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The deploy feature's public face: request a revision for an environment, follow the request
 * through approval and sync, cancel or retry it, preview the plan and read what runs where.
 */
@Service
public class DeploymentService {

    private final DeploymentRequestRepository requests;
    private final SyncQueue queue;
    private final SyncRunLog runs;
    private final DeployedStates deployed;
    private final DeploymentRendering rendering;
    private final CatalogService catalog;
    private final ClusterService clusters;
    private final AuditTrail audit;
    private final JdbcTemplate jdbc;
    private final DeployerWakeUp wakeUp;

    DeploymentService(DeploymentRequestRepository requests, SyncQueue queue, SyncRunLog runs, DeployedStates deployed,
            DeploymentRendering rendering, CatalogService catalog, ClusterService clusters, AuditTrail audit,
            JdbcTemplate jdbc, DeployerWakeUp wakeUp) {
        this.requests = requests;
        this.queue = queue;
        this.runs = runs;
        this.deployed = deployed;
        this.rendering = rendering;
        this.catalog = catalog;
        this.clusters = clusters;
        this.audit = audit;
        this.jdbc = jdbc;
        this.wakeUp = wakeUp;
    }

    /**
     * Requests {@code revision} (null: the latest) of a service for an environment. Where the environment
     * needs no approval the request is approved by policy at once and queued for the deployer.
     */
    @Transactional
    public DeploymentView request(Actor actor, String serviceName, Integer revision, String environmentName,
            String comment) {
        // Membership first: someone outside the team learns nothing from validation messages.
        ServiceView service = catalog.requireService(serviceName);
        if (!actor.isMemberOf(service.team())) {
            throw new AccessRefusedException("Only members of team '" + service.team() + "' may deploy its services.");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (environmentName == null || environmentName.isBlank()) {
            problems.add(new FieldProblem("environment", "is required: the name of an environment"));
        }
        if (revision != null && revision < 1) {
            problems.add(new FieldProblem("revision", "must be a revision number of the service (1 or more)"));
        }
        if (comment != null && comment.length() > 2000) {
            problems.add(new FieldProblem("comment", "must be at most 2000 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        EnvironmentView environment = clusters.environment(environmentName)
                .orElseThrow(() -> new InvalidInputException("environment", "must be the name of an environment: "
                        + String.join(", ", clusters.environments().stream().map(EnvironmentView::name).toList())));
        int number = revision == null ? service.latestRevision() : revision;
        if (number > service.latestRevision()) {
            throw new InvalidInputException("revision", "must be an existing revision of " + serviceName + " (1 to "
                    + service.latestRevision() + ")");
        }
        List<String> missing = rendering.missingSecrets(service, number, environment);
        if (!missing.isEmpty()) {
            throw new InvalidInputException("secrets", "have no value for environment " + environment.name() + ": "
                    + String.join(", ", missing) + ". Set them on the secrets page before deploying.");
        }
        DeploymentRendering.Rendered rendered = rendering.render(service, number, environment);
        Instant now = now();
        DeploymentRequest request = requests.saveAndFlush(new DeploymentRequest(service.id(), number,
                environment.id(), actor.username(), blankToNull(comment), rendered.hash(), now));
        audit.record(entry(actor.username(), "deployment.requested", request, service, environment)
                .withDetails(details(request, Map.of("renderedHash", rendered.hash()))));
        if (!environment.requiresApproval()) {
            approve(request, DeploymentRequest.POLICY, null, service, environment, now);
        }
        return view(request.id());
    }

    /** Approves a waiting request: older waiting requests of the same pair are superseded; the deployer is woken. */
    void approve(DeploymentRequest request, String by, String comment, ServiceView service, EnvironmentView environment,
            Instant now) {
        request.approve(by, comment, now);
        for (DeploymentRequest older : requests.lockOlderInStates(request.serviceId(), request.environmentId(),
                RequestState.WAITING, request.id())) {
            older.supersede(now);
            queue.remove(older.id());
            audit.record(entry(by, "deployment.superseded", older, service, environment)
                    .withDetails(details(older, Map.of("supersededBy", request.id()))));
        }
        queue.enqueue(request.id(), request.serviceId(), request.environmentId());
        audit.record(entry(by, "deployment.approved", request, service, environment)
                .withDetails(details(request, Map.of("byPolicy", DeploymentRequest.POLICY.equals(by),
                        "comment", comment == null ? "" : comment))));
        wakeDeployerAfterCommit();
    }

    @Transactional
    public DeploymentView cancel(Actor actor, long id) {
        DeploymentRequest request = requests.lockById(id).orElseThrow(() -> notFound(id));
        ServiceView service = serviceOf(request);
        if (!actor.username().equals(request.requestedBy()) && !actor.isLeadOf(service.team()) && !actor.platformAdmin()) {
            throw new AccessRefusedException("Only the requester, a lead of team '" + service.team()
                    + "' or a platform admin may cancel this request.");
        }
        request.cancel(now());
        queue.remove(request.id());
        audit.record(entry(actor.username(), "deployment.cancelled", request, service, environmentOf(request))
                .withDetails(details(request, Map.of())));
        return view(id);
    }

    /** Sends a FAILED request back to the deployer with the approval it had. */
    @Transactional
    public DeploymentView retry(Actor actor, long id) {
        DeploymentRequest request = requests.lockById(id).orElseThrow(() -> notFound(id));
        ServiceView service = serviceOf(request);
        if (!actor.isMemberOf(service.team()) && !actor.platformAdmin()) {
            throw new AccessRefusedException("Only members of team '" + service.team() + "' may retry its deployments.");
        }
        request.retry(now());
        queue.enqueue(request.id(), request.serviceId(), request.environmentId());
        audit.record(entry(actor.username(), "deployment.retried", request, service, environmentOf(request))
                .withDetails(details(request, Map.of())));
        wakeDeployerAfterCommit();
        return view(id);
    }

    @Transactional(readOnly = true)
    public DeploymentView get(long id) {
        return view(id);
    }

    /** Requests, newest first, filtered by state, team, environment and service (each optional). */
    @Transactional(readOnly = true)
    public List<DeploymentView> list(RequestState state, String team, String environment, String service, int limit,
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
        args.add(Math.max(1, Math.min(limit, 500)));
        return jdbc.query(sql.toString(), (rs, i) -> row(rs, List.of()), args.toArray());
    }

    /** Where a service runs: per environment the deployed revision and the state of its latest request. */
    @Transactional(readOnly = true)
    public List<ServiceEnvironment> environmentsOf(String serviceName) {
        ServiceView service = catalog.requireService(serviceName);
        List<ServiceEnvironment> result = new ArrayList<>();
        for (EnvironmentView environment : clusters.environments()) {
            var state = deployed.find(service.id(), environment.id());
            List<DeploymentView> latest = list(null, null, environment.name(), serviceName, 1, null);
            if (state.isEmpty() && latest.isEmpty()) {
                continue;
            }
            result.add(new ServiceEnvironment(environment.name(), state.map(DeployedStates.DeployedState::revision).orElse(null),
                    latest.isEmpty() ? null : latest.get(0).state(), latest.isEmpty() ? null : latest.get(0).id(),
                    state.map(DeployedStates.DeployedState::drift).orElse(false),
                    state.map(DeployedStates.DeployedState::syncedAt).orElse(null)));
        }
        return result;
    }

    DeploymentView view(long id) {
        List<DeploymentView> found = jdbc.query(SELECT + " where r.id = ?", (rs, i) -> row(rs, runs.runsOf(id)), id);
        if (found.isEmpty()) {
            throw notFound(id);
        }
        return found.get(0);
    }

    private static final String SELECT = "select r.id, s.name as service, t.slug as team, r.revision, e.name as environment,"
            + " r.state, r.requested_by, r.decided_by, r.comment, r.created_at, r.decided_at, r.synced_at"
            + " from deployment_requests r join services s on s.id = r.service_id join teams t on t.id = s.team_id"
            + " join environments e on e.id = r.environment_id";

    private static DeploymentView row(java.sql.ResultSet rs, List<SyncRunView> runs) throws java.sql.SQLException {
        return new DeploymentView(rs.getLong("id"), rs.getString("service"), rs.getString("team"), rs.getInt("revision"),
                rs.getString("environment"), RequestState.valueOf(rs.getString("state")), rs.getString("requested_by"),
                rs.getString("decided_by"), rs.getString("comment"), rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("decided_at")), instant(rs.getTimestamp("synced_at")), runs);
    }

    ServiceView serviceOf(DeploymentRequest request) {
        String name = jdbc.queryForObject("select name from services where id = ?", String.class, request.serviceId());
        return catalog.requireService(name);
    }

    EnvironmentView environmentOf(DeploymentRequest request) {
        return clusters.environmentById(request.environmentId()).orElseThrow();
    }

    static AuditEntry entry(String actor, String action, DeploymentRequest request, ServiceView service,
            EnvironmentView environment) {
        return AuditEntry.of(actor, action, "deployment", String.valueOf(request.id()))
                .withTeam(service.team())
                .withService(service.name())
                .withEnvironment(environment.name());
    }

    static Map<String, Object> details(DeploymentRequest request, Map<String, ?> more) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("request", request.id());
        details.put("revision", request.revision());
        details.put("state", request.state().name());
        details.put("requestedBy", request.requestedBy());
        details.putAll(more);
        return details;
    }

    private void wakeDeployerAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeUp.signal();
                }
            });
        } else {
            wakeUp.signal();
        }
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No deployment request " + id + ".");
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** One environment a service runs in, or was last requested for. */
    public record ServiceEnvironment(String environment, Integer deployedRevision, RequestState latestState,
            Long latestRequestId, boolean drift, Instant syncedAt) {}
}
