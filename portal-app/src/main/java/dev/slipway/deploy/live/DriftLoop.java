package dev.slipway.deploy.live;

import dev.slipway.deploy.engine.ManagedObjects;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.DriftMode;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.deploy.engine.ClusterObjects;
import dev.slipway.deploy.engine.ClusterPlanner;
import dev.slipway.deploy.engine.ClusterSync;
import dev.slipway.deploy.engine.DeployerMetrics;
import dev.slipway.deploy.engine.DeploymentTarget;
import dev.slipway.deploy.engine.KubernetesRejection;
import dev.slipway.deploy.engine.PlanAction;
import dev.slipway.deploy.engine.PlannedObject;
import dev.slipway.deploy.engine.Targets;
import dev.slipway.deploy.render.DeploymentRendering;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plans every synced service again at {@code slipway.drift.interval}. A live object that differs from what was
 * approved is drift: flagged and audited; in SELF_HEAL environments the approved revision is re-applied,
 * audited too, as long as it still renders to exactly the approved objects (otherwise the heal is refused
 * and audited: nobody approved the objects it would apply). Across replicas a pass runs once per interval
 * and never two at a time: a PostgreSQL advisory lock guards the pass, {@link PeriodicPasses} spaces passes
 * and fences each check, so a replica that stalled mid-pass while another began a newer one stops instead
 * of acting on stale findings.
 */
@Component
class DriftLoop {

    static final String LOOP = "drift";

    private static final Logger log = LoggerFactory.getLogger(DriftLoop.class);
    /** Arbitrary constant naming the advisory lock of the drift pass. */
    private static final long DRIFT_LOCK = 0x51_1b_d2_1fL;

    private final DeployedStates deployed;
    private final Targets targets;
    private final AuditTrail audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    /** Each check commits on its own, so the audit chain lock is never held across cluster calls. */
    private final TransactionTemplate perCheck;
    private final JsonMapper json;
    private final PeriodicPasses passes;
    private final DriftSettings settings;
    private final DeployerMetrics metrics;
    private final ManagedObjects managed;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);

    DriftLoop(DeployedStates deployed, Targets targets, AuditTrail audit, JdbcTemplate jdbc, TransactionTemplate tx,
            JsonMapper json, PeriodicPasses passes, DriftSettings settings, DeployerMetrics metrics, ManagedObjects managed) {
        this.deployed = deployed;
        this.targets = targets;
        this.audit = audit;
        this.jdbc = jdbc;
        this.tx = tx;
        this.perCheck = new TransactionTemplate(tx.getTransactionManager());
        this.perCheck.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        this.passes = passes;
        this.settings = settings;
        this.metrics = metrics;
        this.managed = managed;
    }

    @Scheduled(fixedDelayString = "${slipway.drift.interval:30s}", initialDelayString = "${slipway.drift.interval:30s}")
    void scheduledPass() {
        if (settings.mode() == DriftSettings.Mode.POLL) {
            passIfDue(settings.minimumGap());
        }
    }

    /**
     * Checks one pair now in a transaction of its own, holding its deployed state's row lock so two checks of
     * the pair (a watch event and a pass, or two replicas during a lease hand-over) never audit twice.
     */
    boolean checkAlone(DeployedStates.DeployedState state) {
        return Boolean.TRUE.equals(perCheck.execute(status -> deployed.lock(state.serviceId(), state.environmentId())
                .map(this::check)
                .orElse(false)));
    }

    /** Runs a pass now, unless another process is running one; returns whether this call ran it. */
    boolean pass() {
        return passIfDue(Duration.ZERO);
    }

    /** Runs a pass unless another process runs one or began one less than {@code minimumGap} ago. */
    boolean passIfDue(Duration minimumGap) {
        try {
            // The transaction only holds the pass lock: if this process stalls and its connection dies,
            // the lock goes with it and another process takes the next pass (and fences this one).
            Boolean ran = tx.execute(status -> {
                Boolean locked = jdbc.queryForObject("select pg_try_advisory_xact_lock(" + DRIFT_LOCK + ")", Boolean.class);
                if (!Boolean.TRUE.equals(locked)) {
                    metrics.driftPass("busy");
                    return false; // another process is running this pass
                }
                Optional<PeriodicPasses.Pass> pass = passes.begin(LOOP, owner, minimumGap);
                if (pass.isEmpty()) {
                    metrics.driftPass("not_due");
                    return false; // another process ran this interval's pass
                }
                run(pass.get());
                return true;
            });
            return Boolean.TRUE.equals(ran);
        } catch (RuntimeException e) {
            log.warn("Drift pass failed: {}", e.getMessage());
            return false;
        }
    }

    private void run(PeriodicPasses.Pass pass) {
        String outcome = "FAILED";
        int checked = 0;
        try {
            outcome = "DONE";
            for (DeployedStates.DeployedState state : deployed.all()) {
                if (!checkFenced(pass, state)) {
                    log.warn("Drift pass {} stopped: a newer pass began on another replica", pass.token());
                    outcome = "FENCED";
                    break;
                }
                checked++;
            }
        } catch (RuntimeException e) {
            outcome = "FAILED";
            throw e;
        } finally {
            passes.end(pass, outcome, checked);
            metrics.driftPass(outcome.toLowerCase(Locale.ROOT));
        }
    }

    /** Checks one state as part of {@code pass}; false, with nothing done, when a newer pass has begun. */
    boolean checkFenced(PeriodicPasses.Pass pass, DeployedStates.DeployedState state) {
        return Boolean.TRUE.equals(perCheck.execute(inner -> {
            if (!passes.stillNewest(pass)) {
                return false;
            }
            check(state);
            return true;
        }));
    }

    /**
     * Applies the approved objects of the deployed revision again, the rule self-heal and a person's re-apply
     * share: only when the revision still renders to exactly what was approved (false, nothing applied,
     * otherwise: nobody approved the objects it would apply). Records what was applied and clears the drift;
     * the caller's transaction holds the state's row lock and audits.
     */
    boolean applyApproved(DeployedStates.DeployedState state) throws KubernetesRejection {
        DeploymentTarget target = targets.resolve(state.serviceId(), state.environmentId());
        DeploymentRendering.Rendered rendered = targets.render(target, state.revision());
        if (!applyApproved(state, rendered, targets.cluster(target))) {
            return false;
        }
        deployed.driftChecked(state.serviceId(), state.environmentId(), false, null, Instant.now());
        return true;
    }

    private boolean applyApproved(DeployedStates.DeployedState state, DeploymentRendering.Rendered rendered,
            ClusterObjects cluster) throws KubernetesRejection {
        if (!rendered.hash().equals(state.renderedHash())) {
            return false;
        }
        // Drift may be an object that carries Slipway's labels without being recorded: prune by label.
        ClusterSync.Outcome applied = ClusterSync.sync(cluster, rendered.manifests(),
                () -> ClusterPlanner.prunable(cluster, rendered.manifests(), rendered.ownerLabels(), rendered.namespace()));
        managed.applied(state.serviceId(), state.environmentId(), applied.fingerprints());
        return true;
    }

    /** Checks one service in one environment now; returns whether it drifted. */
    boolean check(DeployedStates.DeployedState state) {
        DeploymentTarget target = targets.resolve(state.serviceId(), state.environmentId());
        ServiceView service = target.service();
        EnvironmentView environment = target.environment();
        try {
            DeploymentRendering.Rendered rendered = targets.render(target, state.revision());
            var cluster = targets.cluster(target);
            List<PlannedObject> plan = ClusterPlanner.plan(cluster, rendered.manifests(), rendered.ownerLabels(),
                    rendered.namespace());
            List<PlannedObject> drifted = plan.stream().filter(o -> o.action() != PlanAction.UNCHANGED).toList();
            boolean drift = !drifted.isEmpty();
            String detail = json.writeValueAsString(drifted.stream()
                    .map(o -> Map.of("kind", o.kind(), "name", o.name(), "action", o.action().name(), "diff", o.diff()))
                    .toList());
            Map<String, Object> details = Map.of("revision", state.revision(), "objects",
                    drifted.stream().map(o -> o.kind() + "/" + o.name() + " " + o.action()).toList());
            if (drift && !state.drift()) {
                audit.record(AuditEntry.of("deployer", "drift.detected", "service", service.name())
                        .withTeam(service.team()).withService(service.name()).withEnvironment(environment.name())
                        .withDetails(details));
            }
            if (drift && environment.driftMode() == DriftMode.SELF_HEAL) {
                if (applyApproved(state, rendered, cluster)) {
                    audit.record(AuditEntry.of("deployer", "drift.healed", "service", service.name())
                            .withTeam(service.team()).withService(service.name()).withEnvironment(environment.name())
                            .withDetails(details));
                    deployed.driftChecked(state.serviceId(), state.environmentId(), false, null, Instant.now());
                    return true;
                }
                if (!state.drift()) {
                    audit.record(AuditEntry.of("deployer", "drift.heal_refused", "service", service.name())
                            .withTeam(service.team()).withService(service.name()).withEnvironment(environment.name())
                            .withDetails(Map.of("revision", state.revision(), "reason", "Revision " + state.revision()
                                    + " now renders differently for " + environment.name() + " than when it was"
                                    + " approved, and self-heal applies only approved objects. Request the deployment"
                                    + " again to approve the objects as they are now.")));
                }
            }
            deployed.driftChecked(state.serviceId(), state.environmentId(), drift, drift ? detail : null, Instant.now());
            return drift;
        } catch (KubernetesRejection | RuntimeException e) {
            log.info("Drift check of {} in {} skipped: {}", service.name(), environment.name(), e.getMessage());
            return false;
        }
    }
}
