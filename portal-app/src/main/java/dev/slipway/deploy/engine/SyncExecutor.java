package dev.slipway.deploy.engine;

import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.DeploymentWindows;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.RootCause;
import dev.slipway.deploy.render.DeploymentRendering;
import dev.slipway.deploy.render.Manifest;
import dev.slipway.deploy.requests.DecisionLog;
import dev.slipway.deploy.requests.DeploymentRequest;
import dev.slipway.deploy.requests.DeploymentRequestChanged;
import dev.slipway.deploy.requests.DeploymentRequestRepository;
import dev.slipway.deploy.requests.DeploymentRules;
import dev.slipway.deploy.requests.RequestAudit;
import dev.slipway.deploy.requests.RequestState;
import dev.slipway.deploy.requests.SyncQueue;
import dev.slipway.deploy.requests.SyncRunLog;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one claimed job: render, check the guardrails and that the approval still matches, apply,
 * prune, record. Objects that render differently from what was approved are never applied: where
 * the environment needs approval the request goes back to the leads, elsewhere policy approves the
 * new objects as it would a new request. Cluster work
 * happens outside any database transaction; the outcome is recorded only while the lease is still
 * held, so a worker that paused past its lease cannot overwrite the one that took over. While a job runs
 * its lease is renewed every third of the lease, so a sync slower than the lease (a slow API server, a
 * cold JVM) is not taken over and applied a second time by another deployer.
 */
@Component
class SyncExecutor implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SyncExecutor.class);

    private final DeploymentRequestRepository requests;
    private final SyncQueue queue;
    private final SyncRunLog runs;
    private final DecisionLog decisions;
    private final SyncRecords deployed;
    private final Targets targets;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final DeployerSettings settings;
    private final DeploymentRules rules;
    private final ApplicationEventPublisher events;
    private final DeployerMetrics metrics;
    private final ManagedObjects managed;
    private final java.time.Clock clock;
    private final ScheduledExecutorService leaseKeeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "deployer-lease");
        thread.setDaemon(true);
        return thread;
    });

    SyncExecutor(DeploymentRequestRepository requests, SyncQueue queue, SyncRunLog runs, DecisionLog decisions,
            SyncRecords deployed, Targets targets, AuditTrail audit, TransactionTemplate tx, DeployerSettings settings,
            DeploymentRules rules, ApplicationEventPublisher events, DeployerMetrics metrics, ManagedObjects managed,
            java.time.Clock clock) {
        this.clock = clock;
        this.requests = requests;
        this.queue = queue;
        this.runs = runs;
        this.decisions = decisions;
        this.deployed = deployed;
        this.targets = targets;
        this.audit = audit;
        this.tx = tx;
        this.settings = settings;
        this.rules = rules;
        this.events = events;
        this.metrics = metrics;
        this.managed = managed;
    }

    /** A run under way; {@code run} numbers it among all runs of the request. */
    private record Started(DeploymentTarget target, DeploymentRequest request, int run) {

        ServiceView service() {
            return target.service();
        }

        EnvironmentView environment() {
            return target.environment();
        }
    }

    void run(SyncQueue.ClaimedJob job, String worker) {
        long period = Math.max(1000, settings.lease().toMillis() / 3);
        ScheduledFuture<?> renewal = leaseKeeper.scheduleAtFixedRate(() -> renew(job), period, period,
                TimeUnit.MILLISECONDS);
        try {
            runHoldingLease(job, worker);
        } finally {
            renewal.cancel(false);
        }
    }

    /** Extends the lease; stops the renewal (by throwing) once the lease is lost or the job is done. */
    private void renew(SyncQueue.ClaimedJob job) {
        boolean held;
        try {
            held = queue.renew(job, settings.lease());
        } catch (RuntimeException e) {
            log.warn("Could not renew the lease of request {}: {}", job.requestId(), e.getMessage());
            return; // the database may be restarting; try again at the next period
        }
        if (!held) {
            throw new java.util.concurrent.CancellationException("lease of request " + job.requestId() + " gone");
        }
    }

    @Override
    public void destroy() {
        leaseKeeper.shutdownNow();
    }

    private void runHoldingLease(SyncQueue.ClaimedJob job, String worker) {
        Timer.Sample sample = metrics.startSync();
        Started started = tx.execute(status -> start(job, worker));
        if (started == null) {
            return;
        }
        attempt(job, started);
        metrics.syncFinished(sample, runs.outcomeOf(job.requestId(), started.run()));
    }

    /** Runs a started job until its outcome is recorded in its sync run. */
    private void attempt(SyncQueue.ClaimedJob job, Started started) {
        String error;
        boolean retryable;
        try {
            DeploymentRendering.Rendered rendered = targets.render(started.target(), started.request().revision());
            List<FieldProblem> violations = rules.guardrailViolations(started.environment(), rendered.effectiveSpec());
            if (!violations.isEmpty()) {
                finishFailed(job, started, "Refused by the guardrails of " + started.environment().name() + ": "
                        + String.join("; ", violations.stream().map(p -> p.field() + " " + p.message()).toList())
                        + ". Nothing was applied.", false);
                return;
            }
            if (!rendered.hash().equals(started.request().renderedHash())) {
                if (started.environment().requiresApproval()) {
                    finishForReapproval(job, started, rendered.hash());
                    return;
                }
                if (!reapproveByPolicy(job, started, rendered.hash())) {
                    return;
                }
            }
            var cluster = targets.cluster(started.target());
            ManagedObjects.PruneScope scope = managed.recordBeforeApply(started.request().serviceId(),
                    started.request().environmentId(), rendered.manifests());
            ClusterSync.Outcome outcome = ClusterSync.sync(cluster, rendered.manifests(), () -> scope.byLabels()
                    ? ClusterPlanner.prunable(cluster, rendered.manifests(), rendered.ownerLabels(), rendered.namespace())
                    : scope.recorded());
            finishSucceeded(job, started, rendered, outcome);
            return;
        } catch (KubernetesRejection e) {
            error = e.getMessage();
            retryable = e.worthRetrying();
        } catch (RuntimeException e) {
            error = "Could not reach the cluster of " + started.environment().name() + ": " + RootCause.describe(e);
            retryable = true;
            log.warn("Sync of request {} attempt {} failed: {}", job.requestId(), started.run(), error);
        }
        finishFailed(job, started, error, retryable);
    }

    private Started start(SyncQueue.ClaimedJob job, String worker) {
        DeploymentRequest request = requests.lockById(job.requestId()).orElse(null);
        if (request == null || !queue.stillHeld(job)) {
            return null;
        }
        if (request.state() != RequestState.APPROVED && request.state() != RequestState.SYNCING) {
            queue.complete(job); // cancelled or superseded while it waited
            return null;
        }
        DeploymentTarget target = targets.resolve(request.serviceId(), request.environmentId());
        if (request.state() == RequestState.APPROVED && !request.windowOverridden()
                && !DeploymentWindows.isOpen(target.environment().policy().deploymentWindows(), clock.instant())) {
            // The window closed after the approval (or a failed request was retried outside it): it waits for the
            // window opener instead of starting (docs/release-flow.md, "Windows").
            request.waitForWindow(now());
            queue.complete(job);
            audit.record(RequestAudit.entry("deployer", "deployment.waiting_for_window", request, target.service(),
                            target.environment())
                    .withDetails(RequestAudit.details(request, Map.of("windows", DeploymentWindows.describe(
                            target.environment().policy().deploymentWindows())))));
            return null;
        }
        request.startSync(now());
        int run = runs.started(request.id(), worker, now());
        return new Started(target, request, run);
    }

    private void finishSucceeded(SyncQueue.ClaimedJob job, Started started, DeploymentRendering.Rendered rendered,
            ClusterSync.Outcome outcome) {
        tx.executeWithoutResult(status -> {
            if (!queue.stillHeld(job)) {
                runs.ended(job.requestId(), started.run(), "ABANDONED", "The lease expired before the outcome was"
                        + " recorded; another deployer took the job over.", List.of(), List.of(), now());
                return;
            }
            DeploymentRequest request = requests.lockById(job.requestId()).orElseThrow();
            Instant now = now();
            List<String> applied = outcome.applied().stream().map(m -> m.masked().toYaml()).toList();
            List<String> pruned = outcome.pruned().stream().map(ClusterPlanner.Pruned::key).toList();
            runs.ended(request.id(), started.run(), "SUCCEEDED", null, applied, pruned, now);
            request.synced(now);
            deployed.synced(request.serviceId(), request.environmentId(), request.id(), request.revision(), rendered.hash(),
                    now);
            managed.synced(request.serviceId(), request.environmentId(), outcome.pruned());
            managed.applied(request.serviceId(), request.environmentId(), outcome.fingerprints());
            queue.complete(job);
            audit.record(RequestAudit.entry("deployer", "deployment.synced", request, started.service(),
                            started.environment())
                    .withDetails(RequestAudit.details(request, Map.of("run", started.run(),
                            "applied", outcome.applied().stream().map(Manifest::key).toList(), "pruned", pruned))));
        });
    }

    private String changedReason(Started started) {
        return "Revision " + started.request().revision() + " now renders differently for "
                + started.environment().name() + " than when it was approved (the environment or the service changed,"
                + " for example the namespace template). Nothing was applied.";
    }

    private void finishForReapproval(SyncQueue.ClaimedJob job, Started started, String newHash) {
        String reason = changedReason(started) + " A lead of team '" + started.service().team()
                + "' must approve the objects as they are now.";
        tx.executeWithoutResult(status -> {
            if (!queue.stillHeld(job)) {
                runs.ended(job.requestId(), started.run(), "ABANDONED", reason, List.of(), List.of(), now());
                return;
            }
            DeploymentRequest request = requests.lockById(job.requestId()).orElseThrow();
            Instant now = now();
            runs.ended(request.id(), started.run(), "REFUSED", reason, List.of(), List.of(), now);
            request.requireApproval(newHash, now);
            queue.complete(job);
            audit.record(RequestAudit.entry("deployer", "deployment.reapproval_required", request,
                            started.service(), started.environment())
                    .withDetails(RequestAudit.details(request, Map.of("run", started.run(), "reason", reason))));
            events.publishEvent(RequestAudit.changed(DeploymentRequestChanged.Change.REAPPROVAL_REQUIRED, request,
                    started.service(), started.environment(), "deployer", reason));
        });
    }

    /** Binds the request to the objects as they render now; false when the lease was lost meanwhile. */
    private boolean reapproveByPolicy(SyncQueue.ClaimedJob job, Started started, String newHash) {
        String reason = changedReason(started) + " The environment needs no approval, so policy approved the objects"
                + " as they are now.";
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (!queue.stillHeld(job)) {
                runs.ended(job.requestId(), started.run(), "ABANDONED", reason, List.of(), List.of(), now());
                return false;
            }
            DeploymentRequest request = requests.lockById(job.requestId()).orElseThrow();
            Instant now = now();
            request.reapproveByPolicy(newHash, now);
            decisions.record(request.id(), DeploymentRequest.POLICY, "APPROVED", reason, now);
            audit.record(RequestAudit.entry(DeploymentRequest.POLICY, "deployment.reapproved", request,
                            started.service(), started.environment())
                    .withDetails(RequestAudit.details(request, Map.of("run", started.run(), "reason", reason))));
            return true;
        }));
    }

    private void finishFailed(SyncQueue.ClaimedJob job, Started started, String error, boolean retryable) {
        tx.executeWithoutResult(status -> {
            if (!queue.stillHeld(job)) {
                runs.ended(job.requestId(), started.run(), "ABANDONED", error, List.of(), List.of(), now());
                return;
            }
            DeploymentRequest request = requests.lockById(job.requestId()).orElseThrow();
            Instant now = now();
            if (retryable && job.attempt() < settings.maxAttempts()) {
                var delay = settings.backoff(job.attempt());
                runs.ended(request.id(), started.run(), "RETRYING", error, List.of(), List.of(), now);
                queue.retryLater(job, delay);
                audit.record(RequestAudit.entry("deployer", "deployment.sync_retrying", request, started.service(),
                                started.environment())
                        .withDetails(RequestAudit.details(request, Map.of("run", started.run(),
                                "retryInSeconds", delay.toSeconds(), "error", error))));
                return;
            }
            runs.ended(request.id(), started.run(), "FAILED", error, List.of(), List.of(), now);
            request.failed(now);
            queue.complete(job);
            audit.record(RequestAudit.entry("deployer", "deployment.failed", request, started.service(),
                            started.environment())
                    .withDetails(RequestAudit.details(request, Map.of("run", started.run(), "error", error))));
            events.publishEvent(RequestAudit.changed(DeploymentRequestChanged.Change.SYNC_FAILED, request,
                    started.service(), started.environment(), "deployer", error));
        });
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
