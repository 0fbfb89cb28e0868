package dev.slipway.deploy.live;

import dev.slipway.deploy.engine.ManagedObjects;
import dev.slipway.catalog.CatalogService;
import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drift from watch events (docs/live-state.md): compares a pair's live owned-fields fingerprints with
 * those its last sync applied, which costs no call to the cluster. Only a difference, a missing object or
 * an unexpected one leads to the full comparison of {@link DriftLoop#check} (render, server-side dry run,
 * readable diff), which flags, audits and heals as the loop always did. Runs only where this replica
 * holds the cluster's lease, and never while a sync of the pair is under way: that sync's commit brings
 * the pair back here with the fingerprints it applied. Also records the pair's health when it changes.
 */
@Component
class WatchDrift {

    private static final Logger log = LoggerFactory.getLogger(WatchDrift.class);

    private final DeployedStates deployed;
    private final ManagedObjects managed;
    private final DriftLoop loop;
    private final DriftSettings settings;
    private final ClusterService clusters;
    private final CatalogService catalog;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    /**
     * The live fingerprints of each pair whose drift the full comparison confirmed: in DETECT environments
     * drift stays until someone acts, and every pod or status event of the pair would compare it in full again.
     */
    private final Map<ClusterLiveState.Pair, Map<String, String>> confirmed = new java.util.concurrent.ConcurrentHashMap<>();

    WatchDrift(DeployedStates deployed, ManagedObjects managed, DriftLoop loop, DriftSettings settings,
            ClusterService clusters, CatalogService catalog, JdbcTemplate jdbc, TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.catalog = catalog;
        this.deployed = deployed;
        this.managed = managed;
        this.loop = loop;
        this.settings = settings;
        this.clusters = clusters;
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
    }

    /**
     * Compares one pair now, if this replica acts for its cluster; see the class comment. Returns whether what is
     * recorded of the pair (its drift, its health) changed, which pages showing it want to hear.
     */
    boolean compare(ClusterLiveState.Pair pair, LiveStateCache cache) {
        Optional<EnvironmentView> environment = clusters.environment(pair.environment());
        if (environment.isEmpty() || !cache.holdsLease(environment.get().cluster())) {
            return false;
        }
        Optional<DeployedStates.DeployedState> state = deployed.findByNames(pair.service(), pair.environment());
        if (state.isEmpty()) {
            return false; // nothing of it was ever synced: objects of a first sync that failed are no one's drift
        }
        Optional<ClusterLiveState.PairView> view = cache.view(environment.get().cluster(), pair);
        if (view.isEmpty()) {
            return false; // not listed yet: the lists touch every pair that has objects, and the take-over every pair
        }
        boolean healthChanged = recordHealth(state.get(), view.get());
        if (!view.get().events().isEmpty()) {
            // Kubernetes forgets events within the hour and the cache keeps 50: the timeline keeps them longer.
            events.publishEvent(new KubernetesEventsSeen(state.get().serviceId(), state.get().environmentId(),
                    view.get().events()));
        }
        if (settings.mode() != DriftSettings.Mode.WATCH || syncing(state.get())) {
            return healthChanged;
        }
        Map<String, String> expected = managed.appliedFingerprints(state.get().serviceId(), state.get().environmentId());
        Map<String, String> live = view.get().fingerprints();
        boolean differs = !expected.keySet().equals(live.keySet())
                || expected.entrySet().stream().anyMatch(e -> !Objects.equals(e.getValue(), live.get(e.getKey())));
        if (!differs) {
            confirmed.remove(pair);
            if (state.get().drift()) {
                // Put back by hand (or by a heal of another replica): what runs is what was applied again.
                tx.executeWithoutResult(s -> deployed.driftChecked(state.get().serviceId(),
                        state.get().environmentId(), false, null, Instant.now()));
                return true;
            }
            return healthChanged;
        }
        if (state.get().drift() && live.equals(confirmed.get(pair))) {
            return healthChanged; // the same drift as last time, flagged and audited already
        }
        if (log.isDebugEnabled()) {
            log.debug("{} in {}: {} differ from what was applied, comparing in full", pair.service(), pair.environment(),
                    java.util.stream.Stream.concat(expected.keySet().stream(), live.keySet().stream()).distinct()
                            .filter(k -> !Objects.equals(expected.get(k), live.get(k))).toList());
        }
        boolean drifted = loop.checkAlone(state.get());
        if (drifted) {
            confirmed.put(pair, live);
        } else {
            confirmed.remove(pair);
            // The full comparison found nothing: the fingerprints moved without a change Slipway owns (an
            // object applied before fingerprints were recorded, a heal's own events racing its record).
            managed.adoptFingerprints(state.get().serviceId(), state.get().environmentId(), live);
        }
        return healthChanged || drifted != state.get().drift();
    }

    /** Pairs synced to environments on the cluster, for a full comparison when this replica takes it over. */
    List<ClusterLiveState.Pair> pairsOf(String cluster) {
        // Services, teams and environments belong to other features (docs/architecture.md): ids in, names out.
        Map<Long, String> environments = new java.util.HashMap<>();
        clusters.environments().stream().filter(e -> e.cluster().equals(cluster))
                .forEach(e -> environments.put(e.id(), e.name()));
        if (environments.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select service_id, environment_id from deployed_state where environment_id = any(?)"
                        + " order by service_id, environment_id",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, (Object) environments.keySet().toArray(Long[]::new))
                .stream().flatMap(ids -> pairOfIds(ids[0], environments.get(ids[1])).stream()).toList();
    }

    /** The pair a {@code slipway_synced} notification names ({@code serviceId:environmentId}). */
    Optional<ClusterLiveState.Pair> pairOfSync(String payload) {
        String[] ids = payload.split(":");
        if (ids.length != 2) {
            return Optional.empty();
        }
        return clusters.environmentById(Long.parseLong(ids[1]))
                .flatMap(environment -> pairOfIds(Long.parseLong(ids[0]), environment.name()));
    }

    private Optional<ClusterLiveState.Pair> pairOfIds(long serviceId, String environmentName) {
        return catalog.serviceById(serviceId).flatMap(service -> pairOf(service.name(), service.team(), environmentName));
    }

    private Optional<ClusterLiveState.Pair> pairOf(String service, String team, String environmentName) {
        return clusters.environment(environmentName)
                .map(e -> new ClusterLiveState.Pair(e.namespaceFor(team, service), service, environmentName));
    }

    private boolean syncing(DeployedStates.DeployedState state) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from deployment_requests"
                + " where service_id = ? and environment_id = ? and state = 'SYNCING')", Boolean.class,
                state.serviceId(), state.environmentId()));
    }

    private boolean recordHealth(DeployedStates.DeployedState state, ClusterLiveState.PairView view) {
        WorkloadStatus.Report report = HealthAssessment.assess(view.pair().namespace(), view.pair().service(),
                new HealthAssessment.Observed(view.deployment(), view.pods(), view.autoscaler(), view.events()),
                Instant.now());
        if (!report.health().name().equals(state.health()) || !Objects.equals(report.summary(), state.healthSummary())) {
            tx.executeWithoutResult(s -> deployed.healthChanged(state.serviceId(), state.environmentId(),
                    report.health().name(), report.summary(), Instant.now()));
            log.debug("{} in {} is {}: {}", view.pair().service(), view.pair().environment(), report.health(),
                    report.summary());
            return true;
        }
        return false;
    }
}
