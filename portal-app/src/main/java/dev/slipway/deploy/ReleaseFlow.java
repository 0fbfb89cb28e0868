package dev.slipway.deploy;

import static dev.slipway.deploy.requests.RequestAudit.details;
import static dev.slipway.deploy.requests.RequestAudit.entry;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceView;
import dev.slipway.catalog.SpecMerge;
import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.DeploymentWindows;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.deploy.release.Blocker;
import dev.slipway.deploy.release.Blockers;
import dev.slipway.deploy.release.ReleaseChecks;
import dev.slipway.deploy.release.SourceHealth;
import dev.slipway.deploy.requests.Approvers;
import dev.slipway.deploy.requests.DeployerWakeUp;
import dev.slipway.deploy.requests.DeploymentRequest;
import dev.slipway.deploy.requests.DeploymentRequestRepository;
import dev.slipway.deploy.requests.DeploymentRules;
import dev.slipway.deploy.requests.DeploymentView;
import dev.slipway.deploy.requests.RequestState;
import dev.slipway.deploy.requests.SyncQueue;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The release flow's public face (docs/release-flow.md): promote the revision HEALTHY in an environment's
 * {@code promotionFrom}, say in words why a request waits, and let a lead start a request outside its
 * environment's deployment windows. Promotions are ordinary deployment requests, with the same approval rules.
 */
@Service
public class ReleaseFlow {

    private final DeploymentService deployments;
    private final DeploymentRequestRepository requests;
    private final SyncQueue queue;
    private final CatalogService catalog;
    private final ClusterService clusters;
    private final DeploymentRules rules;
    private final ReleaseChecks checks;
    private final AuditTrail audit;
    private final JdbcTemplate jdbc;
    private final DeployerWakeUp wakeUp;
    private final TransactionTemplate ownTransaction;

    ReleaseFlow(DeploymentService deployments, DeploymentRequestRepository requests, SyncQueue queue,
            CatalogService catalog, ClusterService clusters, DeploymentRules rules, ReleaseChecks checks,
            AuditTrail audit, JdbcTemplate jdbc, DeployerWakeUp wakeUp, PlatformTransactionManager transactions) {
        this.deployments = deployments;
        this.requests = requests;
        this.queue = queue;
        this.catalog = catalog;
        this.clusters = clusters;
        this.rules = rules;
        this.checks = checks;
        this.audit = audit;
        this.jdbc = jdbc;
        this.wakeUp = wakeUp;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Who overrode a request's window, why and when. */
    public record WindowOverride(String by, String reason, Instant at) {}

    /** Why a request waits ({@code blockers}, empty when nothing holds it) and whether a lead overrode its window. */
    public record RequestBlockers(long request, RequestState state, List<Blocker> blockers,
            @Nullable WindowOverride windowOverride) {}

    /**
     * Requests, for {@code to}, the exact revision that runs HEALTHY in {@code from} (members of the owning
     * team). {@code from} must be {@code to}'s {@code promotionFrom} when it has one; refused with 409 naming
     * every unmet gate (not HEALTHY, not soaked long enough). Otherwise it is an ordinary request: approved by a
     * lead, or by policy where {@code to} needs no approval. Refusals are audited.
     */
    public DeploymentView promote(Actor actor, String serviceName, String from, String to) {
        ServiceView service = catalog.requireService(serviceName);
        if (!actor.isMemberOf(service.team())) {
            throw new AccessRefusedException("Only members of team '" + service.team() + "' may promote its services.");
        }
        List<FieldProblem> problems = new ArrayList<>();
        List<String> names = clusters.environments().stream().map(EnvironmentView::name).toList();
        Optional<EnvironmentView> target = blank(to) ? Optional.empty() : clusters.environment(to);
        if (target.isEmpty()) {
            problems.add(new FieldProblem("to", "must be the name of an environment: " + String.join(", ", names)));
        }
        String source = blank(from) && target.isPresent() ? target.get().policy().promotionFrom() : from;
        Optional<EnvironmentView> sourceEnvironment = blank(source) ? Optional.empty() : clusters.environment(source);
        if (sourceEnvironment.isEmpty()) {
            problems.add(new FieldProblem("from", "must be the name of an environment: " + String.join(", ", names)));
        }
        if (target.isPresent() && sourceEnvironment.isPresent()) {
            String promotionFrom = target.get().policy().promotionFrom();
            if (source.equals(to)) {
                problems.add(new FieldProblem("from", "must be another environment than to (" + to + ")"));
            } else if (promotionFrom != null && !promotionFrom.equals(source)) {
                problems.add(new FieldProblem("from", "must be " + promotionFrom + ": " + to + " takes revisions"
                        + " only from there (its policy.promotionFrom)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        EnvironmentView targetEnvironment = target.get();
        SourceHealth running = checks.sourceHealth(service.id(), sourceEnvironment.get());
        List<Blocker> unmet = new ArrayList<>(dev.slipway.deploy.release.PromotionGates.unmet(targetEnvironment.name(),
                running, null, targetEnvironment.policy().promotionFrom() == null ? 0 : targetEnvironment.policy().soak(),
                checks.now()));
        if (!unmet.isEmpty()) {
            ownTransaction.executeWithoutResult(status -> audit.record(AuditEntry.of(actor.username(),
                            "deployment.promotion_refused", "service", service.name())
                    .withTeam(service.team())
                    .withService(service.name())
                    .withEnvironment(targetEnvironment.name())
                    .withDetails(Map.of("from", source, "to", targetEnvironment.name(),
                            "revision", running.revision() == null ? "" : running.revision(),
                            "gates", unmet.stream().map(Blocker::message).toList()))));
            throw new ConflictException("Revision " + (running.revision() == null ? "-" : running.revision())
                    + " cannot be promoted from " + source + " to " + targetEnvironment.name() + ": " + unmet.size()
                    + " gate" + (unmet.size() == 1 ? " is" : "s are") + " not met. Nothing was requested.",
                    unmet.stream().map(b -> new FieldProblem("from", b.message())).toList());
        }
        return deployments.request(actor, serviceName, running.revision(), targetEnvironment.name(),
                "Promotion of revision " + running.revision() + " from " + source + ", HEALTHY there since "
                        + running.since().truncatedTo(ChronoUnit.SECONDS) + ".");
    }

    /** Why the request waits, in words; empty when nothing holds it. */
    @Transactional(readOnly = true)
    public RequestBlockers blockers(long id) {
        DeploymentView view = deployments.get(id);
        DeploymentRequest request = requests.findById(id).orElseThrow(() -> notFound(id));
        EnvironmentView environment = clusters.environmentById(request.environmentId()).orElseThrow();
        ServiceView service = catalog.requireServiceById(request.serviceId());
        RequestState state = view.state();
        boolean waiting = state == RequestState.PENDING_APPROVAL || state == RequestState.APPROVED
                || state == RequestState.WAITING_FOR_WINDOW;
        Approvers approvers = null;
        List<String> guardrails = List.of();
        List<Blocker> gates = List.of();
        List<Long> older = List.of();
        if (waiting) {
            if (state == RequestState.PENDING_APPROVAL) {
                approvers = rules.approversFor(service.team(), request.requestedBy(), environment);
                gates = checks.promotionGates(service.id(), request.revision(), environment);
            }
            guardrails = rules.guardrailViolations(environment, SpecMerge.forEnvironment(
                            catalog.revision(service.name(), request.revision()).spec(), environment.name())).stream()
                    .map(p -> p.field() + " " + p.message()).toList();
            older = jdbc.queryForList("select id from deployment_requests where service_id = ? and environment_id = ?"
                    + " and id < ? and state in ('APPROVED', 'SYNCING') order by id", Long.class, request.serviceId(),
                    request.environmentId(), id);
        }
        List<Blocker> blockers = Blockers.of(new Blockers.Facts(state, service.team(), environment.name(), approvers,
                guardrails, gates, environment.policy().deploymentWindows(), request.windowOverridden(), older,
                checks.now()));
        return new RequestBlockers(id, state, blockers, windowOverride(id));
    }

    /**
     * A lead of the owning team starts a request that waits for a deployment window now, saying why (required).
     * Audited as {@code deployment.window_overridden}; the request keeps who, why and when, and shows it.
     */
    @Transactional
    public RequestBlockers overrideWindow(Actor actor, long id, String reason) {
        DeploymentRequest request = requests.lockById(id).orElseThrow(() -> notFound(id));
        ServiceView service = catalog.requireServiceById(request.serviceId());
        EnvironmentView environment = clusters.environmentById(request.environmentId()).orElseThrow();
        if (!actor.isLeadOf(service.team())) {
            throw new AccessRefusedException("Only leads of team '" + service.team() + "' may start its requests"
                    + " outside the deployment windows.");
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "is required: say why this cannot wait for the window ("
                    + DeploymentWindows.describe(environment.policy().deploymentWindows()) + ")");
        }
        if (reason.length() > 2000) {
            throw new InvalidInputException("reason", "must be at most 2000 characters");
        }
        if (request.state() != RequestState.WAITING_FOR_WINDOW) {
            throw new ConflictException("Deployment request " + id + " is " + request.state() + ", not waiting for a"
                    + " deployment window; there is no window to override. Nothing was changed.");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        request.overrideWindow(actor.username(), reason.strip(), now);
        queue.enqueue(request.id(), request.serviceId(), request.environmentId());
        audit.record(entry(actor.username(), "deployment.window_overridden", request, service, environment)
                .withDetails(details(request, Map.of("reason", reason.strip(), "windows",
                        DeploymentWindows.describe(environment.policy().deploymentWindows())))));
        requests.flush();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeUp.signal();
                }
            });
        }
        return new RequestBlockers(id, request.state(), List.of(), new WindowOverride(actor.username(), reason.strip(),
                now));
    }

    private WindowOverride windowOverride(long id) {
        return jdbc.query("select window_override_by, window_override_reason, window_override_at from deployment_requests"
                + " where id = ? and window_override_by is not null", (rs, i) -> new WindowOverride(rs.getString(1),
                rs.getString(2), rs.getTimestamp(3).toInstant()), id).stream().findFirst().orElse(null);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No deployment request " + id + ".");
    }
}
