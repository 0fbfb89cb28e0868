package dev.slipway.deploy.live;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.ClusterService;
import dev.slipway.deploy.engine.SyncRecords;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** What runs where: the last successful sync of each service in each environment, and its drift. */
@Component
public class DeployedStates implements SyncRecords {

    /** {@code health} and its summary as the holder of the cluster's watch last judged them (null before). */
    public record DeployedState(long serviceId, long environmentId, long requestId, int revision, String renderedHash,
            Instant syncedAt, boolean drift, String driftDetail, Instant driftCheckedAt, String health,
            String healthSummary) {}

    private static final RowMapper<DeployedState> ROW = (rs, i) -> new DeployedState(rs.getLong("service_id"),
            rs.getLong("environment_id"), rs.getLong("request_id"), rs.getInt("revision"), rs.getString("rendered_hash"),
            rs.getTimestamp("synced_at").toInstant(), rs.getBoolean("drift"), rs.getString("drift_detail"),
            rs.getTimestamp("drift_checked_at") == null ? null : rs.getTimestamp("drift_checked_at").toInstant(),
            rs.getString("health"), rs.getString("health_summary"));

    private final JdbcTemplate jdbc;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final CatalogService catalog;
    private final ClusterService clusters;

    DeployedStates(JdbcTemplate jdbc, AuditTrail audit, ApplicationEventPublisher events, CatalogService catalog,
            ClusterService clusters) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.clusters = clusters;
        this.audit = audit;
        this.events = events;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void synced(long serviceId, long environmentId, long requestId, int revision, String hash, Instant at) {
        // The health recorded was the previous revision's: the new one is judged afresh (the pair is compared again
        // at commit), so that its first HEALTHY is recorded for it (docs/auto-rollback.md).
        jdbc.update("""
                insert into deployed_state (service_id, environment_id, request_id, revision, rendered_hash, synced_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (service_id, environment_id) do update set request_id = excluded.request_id,
                    revision = excluded.revision, rendered_hash = excluded.rendered_hash, synced_at = excluded.synced_at,
                    drift = false, drift_detail = null, drift_checked_at = null,
                    health = null, health_summary = null, health_changed_at = excluded.synced_at
                """, serviceId, environmentId, requestId, revision, hash, Timestamp.from(at));
        // Delivered at commit to every replica's live-state cache, which compares the pair with what was applied.
        jdbc.queryForList("select pg_notify('" + LiveStateCache.SYNCED_CHANNEL + "', ?)", serviceId + ":" + environmentId);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void driftChecked(long serviceId, long environmentId, boolean drift, String detailJson, Instant at) {
        jdbc.update("update deployed_state set drift = ?, drift_detail = ?::jsonb, drift_checked_at = ?"
                + " where service_id = ? and environment_id = ?", drift, detailJson, Timestamp.from(at), serviceId,
                environmentId);
        recorded(serviceId, environmentId);
    }

    /**
     * Records the pair's new health. Becoming DEGRADED, and recovering from it, is also audited and published
     * as a {@link ServiceHealthTransition} (the team's webhook hears of it) in this transaction; the row lock
     * makes two judges of the same change (a lease changing hands) tell the team once.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void healthChanged(long serviceId, long environmentId, String health, String summary, Instant at) {
        List<Boolean> alerted = jdbc.query("select health_alert is not null from deployed_state"
                + " where service_id = ? and environment_id = ? for update", (rs, i) -> rs.getBoolean(1), serviceId,
                environmentId);
        if (alerted.isEmpty()) {
            return;
        }
        Optional<ServiceHealthTransition.Transition> transition = ServiceHealthTransition.of(alerted.get(0), health);
        jdbc.update("update deployed_state set health = ?, health_summary = ?, health_changed_at = ?,"
                + " health_alert = case when ? then 'DEGRADED' when ? then null else health_alert end"
                + " where service_id = ? and environment_id = ?", health, summary, Timestamp.from(at),
                transition.filter(t -> t == ServiceHealthTransition.Transition.DEGRADED).isPresent(),
                transition.filter(t -> t == ServiceHealthTransition.Transition.RECOVERED).isPresent(),
                serviceId, environmentId);
        if (WorkloadStatus.Health.HEALTHY.name().equals(health)) {
            // What an automatic rollback goes back to: the last request whose revision was HEALTHY here
            // (docs/auto-rollback.md).
            jdbc.update("update deployment_requests set healthy_at = ? where healthy_at is null and id = (select request_id"
                    + " from deployed_state where service_id = ? and environment_id = ?)", Timestamp.from(at), serviceId,
                    environmentId);
        }
        transition.ifPresent(t -> announce(t, serviceId, environmentId, summary, at));
        recorded(serviceId, environmentId);
    }

    private void announce(ServiceHealthTransition.Transition transition, long serviceId, long environmentId,
            String summary, Instant at) {
        // Names belong to the catalog and the clusters feature (docs/architecture.md); the revision is ours.
        ServiceView service = catalog.requireServiceById(serviceId);
        String environment = clusters.environmentById(environmentId).orElseThrow().name();
        int revision = jdbc.queryForObject("select revision from deployed_state where service_id = ?"
                + " and environment_id = ?", Integer.class, serviceId, environmentId);
        ServiceHealthTransition event = new ServiceHealthTransition(transition, service.name(), service.team(),
                environment, revision, summary, at);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("revision", event.revision());
        details.put("summary", summary == null ? "" : summary);
        audit.record(AuditEntry.of(HEALTH_ACTOR, transition.eventName(), "service", event.service())
                .withTeam(event.team()).withService(event.service()).withEnvironment(event.environment())
                .withDetails(details));
        events.publishEvent(event);
    }

    /** Who the audit trail says changed a service's health: Slipway judged it, nobody did it. */
    static final String HEALTH_ACTOR = "slipway";

    /** The state, locked until the caller's transaction ends: one drift check of a pair at a time. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<DeployedState> lock(long serviceId, long environmentId) {
        return jdbc.query("select * from deployed_state where service_id = ? and environment_id = ? for update", ROW,
                serviceId, environmentId).stream().findFirst();
    }

    /**
     * Tells every replica, at commit, that what is recorded of the pair changed: pages open on a replica that
     * does not hold the cluster's lease show the drift the holder found ({@link LiveStateCache}).
     */
    private void recorded(long serviceId, long environmentId) {
        jdbc.queryForList("select pg_notify('" + LiveStateCache.RECORDED_CHANNEL + "', ?)", serviceId + ":" + environmentId);
    }

    @Transactional(readOnly = true)
    Optional<DeployedState> findByNames(String service, String environment) {
        Optional<Long> serviceId = catalog.serviceId(service);
        Optional<Long> environmentId = clusters.environment(environment).map(e -> e.id());
        if (serviceId.isEmpty() || environmentId.isEmpty()) {
            return Optional.empty();
        }
        return find(serviceId.get(), environmentId.get());
    }

    @Transactional(readOnly = true)
    public Optional<DeployedState> find(long serviceId, long environmentId) {
        return jdbc.query("select * from deployed_state where service_id = ? and environment_id = ?", ROW, serviceId,
                environmentId).stream().findFirst();
    }

    @Transactional(readOnly = true)
    List<DeployedState> ofService(long serviceId) {
        return jdbc.query("select * from deployed_state where service_id = ?", ROW, serviceId);
    }

    /** Every pair synced at least once, by ids (the metrics sampler's list of what to sample). */
    @Transactional(readOnly = true)
    public List<DeployedState> all() {
        return jdbc.query("select * from deployed_state order by service_id, environment_id", ROW);
    }
}
