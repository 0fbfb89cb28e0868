package dev.slipway.deploy;

import static dev.slipway.deploy.requests.RequestAudit.changed;
import static dev.slipway.deploy.requests.RequestAudit.details;
import static dev.slipway.deploy.requests.RequestAudit.entry;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.catalog.ServiceView;
import dev.slipway.catalog.SpecDiff;
import dev.slipway.catalog.SpecMerge;
import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.deploy.live.DeployedStates;
import dev.slipway.deploy.live.LatestRequests;
import dev.slipway.deploy.release.Blocker;
import dev.slipway.deploy.release.ReleaseChecks;
import dev.slipway.deploy.render.DeploymentRendering;
import dev.slipway.deploy.requests.Approvers;
import dev.slipway.deploy.requests.DecisionLog;
import dev.slipway.deploy.requests.DeployerWakeUp;
import dev.slipway.deploy.requests.DeploymentRequest;
import dev.slipway.deploy.requests.DeploymentRequestChanged;
import dev.slipway.deploy.requests.DeploymentRequestRepository;
import dev.slipway.deploy.requests.DeploymentRules;
import dev.slipway.deploy.requests.DeploymentView;
import dev.slipway.deploy.requests.RequestState;
import dev.slipway.deploy.requests.SyncQueue;
import dev.slipway.deploy.requests.SyncRunLog;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The deploy feature's public face: request a revision for an environment, approve or reject it,
 * follow the request through sync, cancel or retry it, and read what runs where and what waits for
 * whom. Who may decide and what guardrails allow are {@link DeploymentRules}, owned by approvals.
 */
@Service
public class DeploymentService implements LatestRequests {

    /** What an approver is told when the objects of a request would now render differently. */
    static final String OBJECTS_CHANGED = "The objects changed since the request was made; reload to see the new"
            + " plan. Approving binds to the objects shown when the request was made, so ask for the deployment again"
            + " to approve it as it is now.";

    private static final Set<RequestState> DECIDABLE = Set.of(RequestState.PENDING_APPROVAL);

    private final DeploymentRequestRepository requests;
    private final SyncQueue queue;
    private final SyncRunLog runs;
    private final DecisionLog decisions;
    private final DeployedStates deployed;
    private final DeploymentRendering rendering;
    private final CatalogService catalog;
    private final ClusterService clusters;
    private final AuditTrail audit;
    private final DeploymentListings listings;
    private final DeployerWakeUp wakeUp;
    private final DeploymentRules rules;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final TransactionTemplate ownTransaction;
    private final ReleaseChecks release;

    DeploymentService(DeploymentRequestRepository requests, SyncQueue queue, SyncRunLog runs, DecisionLog decisions,
            DeployedStates deployed, DeploymentRendering rendering, CatalogService catalog, ClusterService clusters, AuditTrail audit,
            DeploymentListings listings, DeployerWakeUp wakeUp, DeploymentRules rules, ApplicationEventPublisher events,
            PlatformTransactionManager transactions, ReleaseChecks release) {
        this.release = release;
        this.requests = requests;
        this.queue = queue;
        this.runs = runs;
        this.decisions = decisions;
        this.deployed = deployed;
        this.rendering = rendering;
        this.catalog = catalog;
        this.clusters = clusters;
        this.audit = audit;
        this.listings = listings;
        this.wakeUp = wakeUp;
        this.rules = rules;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Requests {@code revision} (null: the latest) of a service for an environment. The effective spec
     * must keep to the environment's guardrails. Where the environment needs no approval the request is
     * approved by policy at once and queued for the deployer.
     */
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
        commentProblem(comment, false).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return refusable(refusal -> {
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
            List<FieldProblem> violations = rules.guardrailViolations(environment, rendered.effectiveSpec());
            if (!violations.isEmpty()) {
                throw refusal.note(AuditEntry.of(actor.username(), "deployment.refused", "service", service.name())
                        .withTeam(service.team())
                        .withService(service.name())
                        .withEnvironment(environment.name())
                        .withDetails(Map.of("revision", number, "rule", "guardrails", "problems", describe(violations),
                                "comment", nullToEmpty(comment))), new InvalidInputException(violations));
            }
            if (!environment.requiresApproval()) {
                List<Blocker> unmet = release.promotionGates(service.id(), number, environment);
                if (!unmet.isEmpty()) {
                    throw refusal.note(AuditEntry.of(actor.username(), "deployment.refused", "service", service.name())
                            .withTeam(service.team())
                            .withService(service.name())
                            .withEnvironment(environment.name())
                            .withDetails(Map.of("revision", number, "rule", "promotion", "problems",
                                    unmet.stream().map(Blocker::message).toList(), "comment", nullToEmpty(comment))),
                            gatesUnmet(environment, unmet));
                }
            }
            Instant now = now();
            DeploymentRequest request = requests.saveAndFlush(new DeploymentRequest(service.id(), number,
                    environment.id(), actor.username(), blankToNull(comment), rendered.hash(), now));
            audit.record(entry(actor.username(), "deployment.requested", request, service, environment)
                    .withDetails(details(request, Map.of("comment", nullToEmpty(comment)))));
            if (!environment.requiresApproval()) {
                approveAndQueue(request, requests.lockOlderWaiting(request.serviceId(), request.environmentId(),
                        request.id()), DeploymentRequest.POLICY, null, service, environment, now);
            }
            events.publishEvent(changed(DeploymentRequestChanged.Change.REQUESTED, request, service, environment,
                    actor.username(), blankToNull(comment)));
            return flushedView(request.id());
        });
    }

    /**
     * A lead of the owning team, who did not make the request, approves it with an optional comment.
     * The approval binds to the objects the request rendered: if the same revision now renders
     * differently for the environment, the approval is refused (409) and a new request is needed.
     * Refusals are audited; the row lock makes two leads deciding at once give one decision.
     */
    public DeploymentView approve(Actor actor, long id, String comment) {
        commentProblem(comment, false).ifPresent(problem -> {
            throw new InvalidInputException(List.of(problem));
        });
        return refusable(refusal -> {
            // The older waiting requests this approval will supersede first, then this one: every approval
            // takes its row locks in ascending id order, so approvals of one service wait for each other
            // instead of deadlocking (each used to hold its own row while reaching for the older ones).
            List<DeploymentRequest> olderWaiting = requests.lockOlderWaitingOfSamePair(id);
            DeploymentRequest request = requests.lockById(id).orElseThrow(() -> notFound(id));
            ServiceView service = serviceOf(request);
            EnvironmentView environment = environmentOf(request);
            Decision decision = new Decision("approve", actor, request, service, environment, comment);
            requireDecider(refusal, decision);
            requireState(refusal, decision, "approved", DECIDABLE);
            requirePromotionGates(refusal, decision);
            requireSameObjects(refusal, decision);
            approveAndQueue(request, olderWaiting, actor.username(), blankToNull(comment), service, environment, now());
            return flushedView(id);
        });
    }

    /** A lead of the owning team, who did not make the request, rejects it, saying why. */
    public DeploymentView reject(Actor actor, long id, String comment) {
        return refusable(refusal -> {
            DeploymentRequest request = requests.lockById(id).orElseThrow(() -> notFound(id));
            ServiceView service = serviceOf(request);
            EnvironmentView environment = environmentOf(request);
            Decision decision = new Decision("reject", actor, request, service, environment, comment);
            requireDecider(refusal, decision);
            // Only someone who may decide learns what a rejection needs.
            commentProblem(comment, true).ifPresent(problem -> {
                throw new InvalidInputException(List.of(problem));
            });
            requireState(refusal, decision, "rejected", DECIDABLE);
            Instant now = now();
            request.reject(actor.username(), now);
            decisions.record(request.id(), actor.username(), "REJECTED", comment.strip(), now);
            queue.remove(request.id());
            audit.record(entry(actor.username(), "deployment.rejected", request, service, environment)
                    .withDetails(details(request, Map.of("comment", comment.strip()))));
            events.publishEvent(changed(DeploymentRequestChanged.Change.REJECTED, request, service, environment,
                    actor.username(), comment.strip()));
            return flushedView(id);
        });
    }

    /**
     * Approves a waiting request: {@code olderWaiting}, the older waiting requests of the same pair which
     * the caller has locked, are superseded; the deployer is woken.
     */
    void approveAndQueue(DeploymentRequest request, List<DeploymentRequest> olderWaiting, String by,
            String comment, ServiceView service, EnvironmentView environment, Instant now) {
        request.approve(by, now);
        decisions.record(request.id(), by, "APPROVED", comment, now);
        for (DeploymentRequest older : olderWaiting) {
            older.supersede(now);
            queue.remove(older.id());
            audit.record(entry(by, "deployment.superseded", older, service, environment)
                    .withDetails(details(older, Map.of("supersededBy", request.id()))));
        }
        audit.record(entry(by, "deployment.approved", request, service, environment)
                .withDetails(details(request, Map.of("byPolicy", DeploymentRequest.POLICY.equals(by),
                        "comment", nullToEmpty(comment)))));
        events.publishEvent(changed(DeploymentRequestChanged.Change.APPROVED, request, service, environment, by,
                comment));
        if (!release.windowOpen(environment)) {
            // Outside the environment's windows the request waits; the window opener starts it (docs/release-flow.md).
            request.waitForWindow(now);
            audit.record(entry(DeploymentRequest.POLICY, "deployment.waiting_for_window", request, service, environment)
                    .withDetails(details(request, Map.of("windows", dev.slipway.clusters.DeploymentWindows.describe(
                                    environment.policy().deploymentWindows()),
                            "nextOpening", release.nextOpening(environment).map(Instant::toString).orElse("")))));
            return;
        }
        queue.enqueue(request.id(), request.serviceId(), request.environmentId());
        wakeDeployerAfterCommit();
    }

    /**
     * Where the environment takes revisions from another one ({@code promotionFrom}), the request's revision must
     * be HEALTHY there, long enough: approving is refused (409) naming every unmet gate (docs/release-flow.md).
     */
    private void requirePromotionGates(Refusal refusal, Decision decision) {
        List<Blocker> unmet = release.promotionGates(decision.service().id(), decision.request().revision(),
                decision.environment());
        if (!unmet.isEmpty()) {
            throw refusal.note(decision.refused(String.join(" ", unmet.stream().map(Blocker::message).toList())),
                    gatesUnmet(decision.environment(), unmet));
        }
    }

    /** The 409 of unmet promotion gates: each gate in words in {@code errors[]}. */
    static ConflictException gatesUnmet(EnvironmentView environment, List<Blocker> unmet) {
        return new ConflictException(environment.name() + " takes only a revision that is HEALTHY in "
                + environment.policy().promotionFrom() + (environment.policy().soak() > 0 ? " for "
                + environment.policy().soak() + " minutes" : "") + ": " + unmet.size() + " gate"
                + (unmet.size() == 1 ? " is" : "s are") + " not met. Nothing was changed.",
                unmet.stream().map(b -> new FieldProblem("from", b.message())).toList());
    }

    /** The requester, a lead of the owning team or a platform admin stops a request that still waits. */
    public DeploymentView cancel(Actor actor, long id, String comment) {
        commentProblem(comment, false).ifPresent(problem -> {
            throw new InvalidInputException(List.of(problem));
        });
        return refusable(refusal -> {
            DeploymentRequest request = requests.lockById(id).orElseThrow(() -> notFound(id));
            ServiceView service = serviceOf(request);
            EnvironmentView environment = environmentOf(request);
            Decision decision = new Decision("cancel", actor, request, service, environment, comment);
            rules.refusalToCancel(actor, service.team(), request.requestedBy()).ifPresent(reason -> {
                throw refusal.note(decision.refused(reason), new AccessRefusedException(reason));
            });
            requireState(refusal, decision, "cancelled", RequestState.WAITING);
            Instant now = now();
            request.cancel(now);
            decisions.record(request.id(), actor.username(), "CANCELLED", blankToNull(comment), now);
            queue.remove(request.id());
            audit.record(entry(actor.username(), "deployment.cancelled", request, service, environment)
                    .withDetails(details(request, Map.of("comment", nullToEmpty(comment)))));
            events.publishEvent(changed(DeploymentRequestChanged.Change.CANCELLED, request, service, environment,
                    actor.username(), blankToNull(comment)));
            return flushedView(id);
        });
    }

    /** A decision someone tried to take, with what the audit trail needs if it is refused. */
    private record Decision(String verb, Actor actor, DeploymentRequest request, ServiceView service,
            EnvironmentView environment, String comment) {

        AuditEntry refused(String reason) {
            return entry(actor.username(), "deployment." + verb + "_refused", request, service, environment)
                    .withDetails(details(request, Map.of("reason", reason, "comment", nullToEmpty(comment))));
        }
    }

    private void requireDecider(Refusal refusal, Decision decision) {
        rules.refusalToDecide(decision.actor(), decision.service().team(), decision.request().requestedBy(),
                        decision.environment())
                .ifPresent(reason -> {
                    throw refusal.note(decision.refused(reason), new AccessRefusedException(reason));
                });
    }

    private static void requireState(Refusal refusal, Decision decision, String participle,
            Set<RequestState> allowed) {
        decision.request().conflictFor(participle, allowed).ifPresent(reason -> {
            throw refusal.note(decision.refused(reason), new ConflictException(reason));
        });
    }

    /** Renders the request's revision again: approving is refused unless it gives exactly the requested objects. */
    private void requireSameObjects(Refusal refusal, Decision decision) {
        DeploymentRequest request = decision.request();
        String why;
        List<String> missing = rendering.missingSecrets(decision.service(), request.revision(), decision.environment());
        if (!missing.isEmpty()) {
            why = "secrets " + String.join(", ", missing) + " no longer have a value for " + decision.environment().name();
        } else {
            try {
                String hash = rendering.render(decision.service(), request.revision(), decision.environment()).hash();
                why = hash.equals(request.renderedHash()) ? null : "the objects render differently now";
            } catch (InvalidInputException | IllegalArgumentException e) {
                why = "the revision can no longer be rendered: " + e.getMessage();
            }
        }
        if (why != null) {
            throw refusal.note(decision.refused(OBJECTS_CHANGED + " (" + why + ")"),
                    new ConflictException(OBJECTS_CHANGED));
        }
    }

    /**
     * Runs {@code work} in a transaction. A refusal it notes is written to the audit trail in a
     * transaction of its own after the work has rolled back, so the record survives the rollback and
     * never waits on a lock the refused work held.
     */
    private <T> T refusable(Function<Refusal, T> work) {
        Refusal refusal = new Refusal();
        try {
            return tx.execute(status -> work.apply(refusal));
        } catch (RuntimeException e) {
            if (refusal.entry != null) {
                ownTransaction.executeWithoutResult(status -> audit.record(refusal.entry));
            }
            throw e;
        }
    }

    /** The audit entry of a refusal, kept until the refused transaction has ended. */
    private static final class Refusal {
        private AuditEntry entry;

        <E extends RuntimeException> E note(AuditEntry refused, E exception) {
            this.entry = refused;
            return exception;
        }
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
        return flushedView(id);
    }

    /** Requests waiting for {@code actor}'s decision: of teams they lead, made by someone else; longest waiting first. */
    @Transactional(readOnly = true)
    public List<DeploymentView> waitingFor(Actor actor, int limit) {
        return listings.waitingFor(actor.username(), limit);
    }

    /** How many requests wait for {@code username}'s decision: one cheap query, for a badge on every page. */
    @Transactional(readOnly = true)
    public long countWaitingFor(String username) {
        return listings.countWaitingFor(username);
    }

    /** The requests {@code username} made, newest first. */
    @Transactional(readOnly = true)
    public List<DeploymentView> requestedBy(String username, int limit) {
        return listings.requestedBy(username, limit);
    }

    /** What an approver reads before deciding: what runs now, the field changes, the guardrails as they are now. */
    @Transactional(readOnly = true)
    Review review(long id) {
        DeploymentRequest request = requests.findById(id).orElseThrow(() -> notFound(id));
        ServiceView service = serviceOf(request);
        EnvironmentView environment = environmentOf(request);
        ServiceSpec requested = SpecMerge.forEnvironment(catalog.revision(service.name(), request.revision()).spec(),
                environment.name());
        Integer running = deployed.find(service.id(), environment.id()).map(DeployedStates.DeployedState::revision)
                .orElse(null);
        ServiceSpec current = running == null ? null
                : SpecMerge.forEnvironment(catalog.revision(service.name(), running).spec(), environment.name());
        return new Review(running, SpecDiff.between(current, requested),
                rules.guardrailViolations(environment, requested), request.renderedHash());
    }

    /**
     * The approver's reading of a request. {@code renderedHash} is compared with the plan's, never
     * shown: a hash over secret values must not reach a page.
     */
    record Review(Integer runningRevision, List<SpecDiff.Change> changes, List<FieldProblem> guardrailProblems,
            String renderedHash) {}

    /** Who could approve a request {@code requester} would make now for the service and environment. */
    @Transactional(readOnly = true)
    public Approvers approvers(String requester, String serviceName, String environmentName) {
        ServiceView service = catalog.requireService(serviceName);
        EnvironmentView environment = clusters.environment(environmentName)
                .orElseThrow(() -> new InvalidInputException("environment", "must be the name of an environment: "
                        + String.join(", ", clusters.environments().stream().map(EnvironmentView::name).toList())));
        return rules.approversFor(service.team(), requester, environment);
    }

    @Transactional(readOnly = true)
    public DeploymentView get(long id) {
        return view(id);
    }

    /** The newest request of the service in the environment, whatever its state. */
    @Override
    @Transactional(readOnly = true)
    public Optional<DeploymentView> latest(String service, String environment) {
        return list(null, null, environment, service, 1, null).stream().findFirst();
    }

    /** Requests, newest first, filtered by state, team, environment and service (each optional). */
    @Transactional(readOnly = true)
    public List<DeploymentView> list(RequestState state, String team, String environment, String service, int limit,
            Long beforeId) {
        return listings.list(state, team, environment, service, limit, beforeId);
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

    /**
     * What runs in an environment: every service deployed there or with a request for it, by name, with
     * the revision running (null before its first sync), its latest request and when that last changed
     * (the sync for a deployed one). One statement, over the (service, environment) indexes.
     */
    @Transactional(readOnly = true)
    public List<EnvironmentService> servicesIn(String environmentName) {
        EnvironmentView environment = clusters.requireEnvironment(environmentName);
        return listings.servicesIn(environment.id());
    }

    /** The view as this transaction changed it: entity changes are flushed first, as the view is read with SQL. */
    private DeploymentView flushedView(long id) {
        requests.flush();
        return view(id);
    }

    DeploymentView view(long id) {
        return listings.view(id, () -> decisions.decisionsOf(id), () -> runs.runsOf(id)).orElseThrow(() -> notFound(id));
    }

    private ServiceView serviceOf(DeploymentRequest request) {
        return catalog.requireServiceById(request.serviceId());
    }

    private EnvironmentView environmentOf(DeploymentRequest request) {
        return clusters.environmentById(request.environmentId()).orElseThrow();
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

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value.strip();
    }

    private static Optional<FieldProblem> commentProblem(String comment, boolean required) {
        if (required && (comment == null || comment.isBlank())) {
            return Optional.of(new FieldProblem("comment", "is required: say why, so the requester knows what to change"));
        }
        if (comment != null && comment.length() > 2000) {
            return Optional.of(new FieldProblem("comment", "must be at most 2000 characters"));
        }
        return Optional.empty();
    }

    private static List<String> describe(List<FieldProblem> problems) {
        return problems.stream().map(p -> p.field() + " " + p.message()).toList();
    }

    /** A service in an environment: running revision, latest request and when it last changed. */
    public record EnvironmentService(String service, String team, Integer deployedRevision, RequestState latestState,
            Long latestRequestId, Instant at, boolean drift) {}

    /** One environment a service runs in, or was last requested for. */
    public record ServiceEnvironment(String environment, Integer deployedRevision, RequestState latestState,
            Long latestRequestId, boolean drift, Instant syncedAt) {}
}
