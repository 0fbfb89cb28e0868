package dev.slipway.deploy;

import static dev.slipway.deploy.requests.RequestAudit.changed;
import static dev.slipway.deploy.requests.RequestAudit.details;
import static dev.slipway.deploy.requests.RequestAudit.entry;

import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.clusters.GuardrailPolicy;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.deploy.live.LiveStateCache;
import dev.slipway.deploy.render.DeploymentRendering;
import dev.slipway.deploy.requests.DeploymentRequest;
import dev.slipway.deploy.requests.DeploymentRequestChanged;
import dev.slipway.deploy.requests.DeploymentRequestRepository;
import dev.slipway.deploy.requests.DeploymentRules;
import dev.slipway.deploy.requests.RequestState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Automatic rollback (docs/auto-rollback.md): every few seconds, the synced requests of environments with
 * {@code autoRollback} whose revision has not been HEALTHY within the policy's {@code progressDeadlineSeconds} are
 * rolled back to the last revision that was HEALTHY there, by a new request that policy approves, linked both ways
 * ({@code rollbackOf}, {@code rolledBackBy}; the failed request becomes ROLLED_BACK), audited and sent to the team's
 * webhook. Where it cannot or must not roll back (a rollback that failed too, nothing healthy to go back to) it
 * records why on the request and tells the team, once. Only the replica holding the cluster's lease acts, and the
 * request's row lock makes two replicas during a lease hand-over act once.
 */
@Component
class AutomaticRollback {

    /** Who the audit trail and the webhook name: Slipway did it, by the environment's policy. */
    static final String ACTOR = "slipway";

    private static final Logger log = LoggerFactory.getLogger(AutomaticRollback.class);

    private final JdbcTemplate jdbc;
    private final DeploymentRequestRepository requests;
    private final DeploymentService deployments;
    private final CatalogService catalog;
    private final ClusterService clusters;
    private final DeploymentRendering rendering;
    private final DeploymentRules rules;
    private final LiveStateCache cache;
    private final AuditTrail audit;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final ObjectProvider<Clock> clock;

    AutomaticRollback(JdbcTemplate jdbc, DeploymentRequestRepository requests, DeploymentService deployments,
            CatalogService catalog, ClusterService clusters, DeploymentRendering rendering, DeploymentRules rules,
            LiveStateCache cache, AuditTrail audit, org.springframework.context.ApplicationEventPublisher events,
            PlatformTransactionManager transactions, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.requests = requests;
        this.deployments = deployments;
        this.catalog = catalog;
        this.clusters = clusters;
        this.rendering = rendering;
        this.rules = rules;
        this.cache = cache;
        this.audit = audit;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${slipway.rollback.interval:5s}", initialDelayString = "${slipway.rollback.interval:5s}")
    void scheduledPass() {
        try {
            pass(clock.getIfAvailable(Clock::systemUTC).instant());
        } catch (RuntimeException e) {
            // The database or a cluster is away: the next pass looks again.
            log.warn("Automatic rollback pass failed: {}", e.toString());
        }
    }

    /**
     * One look at every candidate as of {@code now}; what it did, by request id (tests pass a time past the
     * deadline instead of waiting for it).
     */
    Map<Long, RollbackVerdict> pass(Instant now) {
        Map<Long, RollbackVerdict> acted = new LinkedHashMap<>();
        for (Pending pending : candidates()) {
            RollbackVerdict.Candidate candidate = pending.candidate();
            if (now.isBefore(candidate.syncedAt().plusSeconds(candidate.deadlineSeconds()))
                    || !cache.actsFor(pending.cluster())) {
                continue;
            }
            try {
                RollbackVerdict verdict = tx.execute(status -> act(candidate.request(), now));
                if (!(verdict instanceof RollbackVerdict.Wait)) {
                    acted.put(candidate.request(), verdict);
                }
            } catch (RuntimeException e) {
                log.warn("Automatic rollback of request {} failed, trying again next pass: {}", candidate.request(),
                        e.toString());
            }
        }
        return acted;
    }

    private record Pending(RollbackVerdict.Candidate candidate, String cluster) {}

    /**
     * Synced requests still deployed in an environment with automatic rollback, never judged HEALTHY, not yet judged
     * by this watcher. One query over the (state, id) index.
     */
    private List<Pending> candidates() {
        // Which environments roll back is the clusters feature's to say (docs/feature-boundaries.md); requests and
        // health are this feature's own tables.
        Map<Long, EnvironmentView> rollingBack = new HashMap<>();
        clusters.environments().stream().filter(e -> e.policy().rollsBackAutomatically())
                .forEach(e -> rollingBack.put(e.id(), e));
        if (rollingBack.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                select r.id, r.revision, r.environment_id, r.rollback_of, r.synced_at, d.health, d.health_summary
                from deployment_requests r
                join deployed_state d on d.request_id = r.id
                where r.state = 'SYNCED' and r.healthy_at is null and r.rollback_note is null
                  and r.rolled_back_by is null and r.synced_at is not null
                  and r.environment_id = any (?)
                order by r.id
                """, (rs, i) -> {
                    EnvironmentView environment = rollingBack.get(rs.getLong("environment_id"));
                    return new Pending(candidate(rs, environment), environment.cluster());
                }, (Object) rollingBack.keySet().toArray(Long[]::new));
    }

    private static RollbackVerdict.Candidate candidate(java.sql.ResultSet rs, EnvironmentView environment)
            throws java.sql.SQLException {
        return new RollbackVerdict.Candidate(rs.getLong("id"), rs.getInt("revision"), environment.name(),
                rs.getObject("rollback_of") == null ? null : rs.getLong("rollback_of"),
                rs.getTimestamp("synced_at").toInstant(), rs.getString("health"), rs.getString("health_summary"),
                environment.policy().progressDeadline());
    }

    /** Judges request {@code id} again under its row lock (another replica, a sync or a person may have moved it). */
    private RollbackVerdict act(long id, Instant now) {
        // deployed_state's row first, then the request's: the order in which the lease holder records health
        // (DeployedStates.healthChanged marks the request HEALTHY), so the two never wait for each other in a circle.
        Optional<RollbackVerdict.Candidate> current = lockedCandidate(id);
        if (current.isEmpty()) {
            return new RollbackVerdict.Wait();
        }
        DeploymentRequest failed = requests.lockById(id).orElseThrow();
        // Read again now that both rows are locked: a health record that committed while this waited counts.
        boolean stillUnjudged = Boolean.TRUE.equals(jdbc.queryForObject("select healthy_at is null and rollback_note is null"
                + " and rolled_back_by is null from deployment_requests where id = ?", Boolean.class, id));
        if (!stillUnjudged || failed.state() != RequestState.SYNCED || inFlight(failed)) {
            return new RollbackVerdict.Wait();
        }
        ServiceView service = catalog.requireServiceById(failed.serviceId());
        EnvironmentView environment = clusters.environmentById(failed.environmentId()).orElseThrow();
        RollbackVerdict verdict = RollbackVerdict.judge(current.get(), lastHealthy(failed), now);
        if (verdict instanceof RollbackVerdict.RollBack rollBack) {
            Optional<String> why = cannotRender(service, environment, rollBack.revision());
            verdict = why.<RollbackVerdict>map(reason -> new RollbackVerdict.Stop("Not rolled back: "
                    + current.get().healthInWords() + "; revision " + rollBack.revision() + ", the last HEALTHY in "
                    + environment.name() + ", " + reason + ".")).orElse(rollBack);
        }
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        if (verdict instanceof RollbackVerdict.RollBack rollBack) {
            rollBack(failed, rollBack, service, environment, at);
        } else if (verdict instanceof RollbackVerdict.Stop stop) {
            stop(failed, stop, service, environment);
        }
        return verdict;
    }

    /** The candidate as recorded now, with the row of deployed_state locked: still deployed, still not HEALTHY. */
    private Optional<RollbackVerdict.Candidate> lockedCandidate(long id) {
        return jdbc.query("""
                select r.id, r.revision, r.environment_id, r.rollback_of, r.synced_at, d.health, d.health_summary
                from deployment_requests r
                join deployed_state d on d.request_id = r.id
                where r.id = ? and r.healthy_at is null and r.rollback_note is null and r.rolled_back_by is null
                for update of d
                """, (rs, i) -> {
                    Optional<EnvironmentView> environment = clusters.environmentById(rs.getLong("environment_id"))
                            .filter(e -> e.policy().rollsBackAutomatically());
                    return environment.isEmpty() ? null : candidate(rs, environment.get());
                }, id).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** Someone already changes what runs (an approved request waits for, or undergoes, its sync): not ours to undo. */
    private boolean inFlight(DeploymentRequest failed) {
        Boolean any = jdbc.queryForObject("select exists (select 1 from deployment_requests where service_id = ?"
                + " and environment_id = ? and id <> ? and state in ('APPROVED', 'SYNCING'))", Boolean.class,
                failed.serviceId(), failed.environmentId(), failed.id());
        return Boolean.TRUE.equals(any);
    }

    private Optional<RollbackVerdict.Healthy> lastHealthy(DeploymentRequest failed) {
        return jdbc.query("select id, revision from deployment_requests where service_id = ? and environment_id = ?"
                + " and id <> ? and healthy_at is not null order by healthy_at desc, id desc limit 1",
                (rs, i) -> new RollbackVerdict.Healthy(rs.getLong("id"), rs.getInt("revision")), failed.serviceId(),
                failed.environmentId(), failed.id()).stream().findFirst();
    }

    /** Why the revision to go back to cannot be deployed now, in words; empty if it can. */
    private Optional<String> cannotRender(ServiceView service, EnvironmentView environment, int revision) {
        List<String> missing = rendering.missingSecrets(service, revision, environment);
        if (!missing.isEmpty()) {
            return Optional.of("has no value for secrets " + String.join(", ", missing) + " there any more");
        }
        try {
            List<FieldProblem> violations = rules.guardrailViolations(environment,
                    rendering.render(service, revision, environment).effectiveSpec());
            if (!violations.isEmpty()) {
                return Optional.of("breaks the environment's guardrails now ("
                        + String.join("; ", violations.stream().map(p -> p.field() + " " + p.message()).toList()) + ")");
            }
        } catch (InvalidInputException | IllegalArgumentException e) {
            return Optional.of("can no longer be rendered (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    private void rollBack(DeploymentRequest failed, RollbackVerdict.RollBack verdict, ServiceView service,
            EnvironmentView environment, Instant now) {
        String hash = rendering.render(service, verdict.revision(), environment).hash();
        DeploymentRequest rollback = requests.saveAndFlush(DeploymentRequest.rollbackOf(failed, verdict.revision(),
                ACTOR, shorten(verdict.reason()), hash, now));
        audit.record(entry(ACTOR, "deployment.requested", rollback, service, environment)
                .withDetails(details(rollback, Map.of("comment", shorten(verdict.reason()), "rollbackOf", failed.id()))));
        // Policy decides a rollback wherever it runs: it restores what already ran there, healthy.
        deployments.approveAndQueue(rollback, List.of(), DeploymentRequest.POLICY, null, service, environment, now);
        failed.rolledBack(rollback.id(), now);
        requests.flush();
        jdbc.update("update deployment_requests set rollback_note = ? where id = ?", shorten(verdict.reason()), failed.id());
        audit.record(entry(ACTOR, "deployment.rolled_back", failed, service, environment)
                .withDetails(details(failed, Map.of("rolledBackBy", rollback.id(), "toRevision", verdict.revision(),
                        "reason", verdict.reason()))));
        events.publishEvent(changed(DeploymentRequestChanged.Change.ROLLED_BACK, failed, service, environment, ACTOR,
                verdict.reason() + " Rollback: request " + rollback.id() + "."));
        log.info("Request {} ({} revision {} in {}) rolled back by request {} to revision {}", failed.id(),
                service.name(), failed.revision(), environment.name(), rollback.id(), verdict.revision());
    }

    private void stop(DeploymentRequest failed, RollbackVerdict.Stop verdict, ServiceView service,
            EnvironmentView environment) {
        jdbc.update("update deployment_requests set rollback_note = ? where id = ?", shorten(verdict.note()), failed.id());
        audit.record(entry(ACTOR, "deployment.rollback_stopped", failed, service, environment)
                .withDetails(details(failed, Map.of("reason", verdict.note()))));
        events.publishEvent(changed(DeploymentRequestChanged.Change.ROLLBACK_STOPPED, failed, service, environment,
                ACTOR, verdict.note()));
        log.info("Request {} ({} revision {} in {}) not rolled back: {}", failed.id(), service.name(), failed.revision(),
                environment.name(), verdict.note());
    }

    private static String shorten(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }
}
