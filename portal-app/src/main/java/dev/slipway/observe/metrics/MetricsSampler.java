package dev.slipway.observe.metrics;

import dev.slipway.catalog.CatalogService;
import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.deploy.live.DeployedStates;
import dev.slipway.deploy.live.LiveStateCache;
import dev.slipway.deploy.render.SlipwayLabels;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Samples the usage of every synced service (docs/observe-metrics.md): every {@code slipway.metrics.sample-interval},
 * for each cluster whose live-state lease this replica holds (so one replica samples a cluster however many run),
 * one list of the metrics API for all of Slipway's pods there, added up per service and environment by their
 * labels, one row each. A cluster without the metrics API is skipped; that is said once in the log, not every time.
 */
@Component
class MetricsSampler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MetricsSampler.class);
    /** The purge of rows of every pair (also pairs no longer sampled) need not run each time. */
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    /** A synced service in an environment, and the cluster it runs on. */
    record SyncedPair(long serviceId, long environmentId, String service, String environment, String cluster) {}

    private final MetricsSettings settings;
    private final MetricSamples samples;
    private final LiveStateCache live;
    private final ClusterService clusters;
    private final DeployedStates deployed;
    private final CatalogService catalog;
    /** Per cluster, why its metrics could not be read last time (absent: they could): logged on change only. */
    private final Map<String, String> unavailable = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private Instant lastPurge = Instant.EPOCH;
    /** The kind of failure of the last round, if it failed (only the sampler's thread touches it). */
    private Class<?> failing;

    MetricsSampler(MetricsSettings settings, MetricSamples samples, LiveStateCache live, ClusterService clusters,
            DeployedStates deployed, CatalogService catalog) {
        this.settings = settings;
        this.samples = samples;
        this.live = live;
        this.clusters = clusters;
        this.deployed = deployed;
        this.catalog = catalog;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        if (!settings.enabled() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-sampler");
            t.setDaemon(true);
            return t;
        });
        long every = settings.sampleInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sampleQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void destroy() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private void sampleQuietly() {
        try {
            sample();
            failing = null;
        } catch (RuntimeException e) {
            // Said once, not every round: a database outage would otherwise write a line every few seconds.
            if (!Objects.equals(failing, e.getClass())) {
                log.warn("Metrics: could not sample: {}", e.getMessage());
            }
            failing = e.getClass();
        }
    }

    /** One round: every synced pair on the clusters this replica acts for. */
    void sample() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant keepSince = now.minus(settings.retention());
        Map<String, List<SyncedPair>> byCluster = synced().stream()
                .collect(Collectors.groupingBy(SyncedPair::cluster, LinkedHashMap::new, Collectors.toList()));
        for (var cluster : byCluster.entrySet()) {
            if (live.actsFor(cluster.getKey())) {
                sample(cluster.getKey(), cluster.getValue(), now, keepSince);
            }
        }
        if (Duration.between(lastPurge, now).compareTo(PURGE_EVERY) >= 0) {
            samples.purge(keepSince);
            lastPurge = now;
        }
    }

    private void sample(String cluster, List<SyncedPair> pairs, Instant now, Instant keepSince) {
        ClusterMetrics.Measurement measurement;
        try {
            ApiClient client = clusters.apiClient(cluster);
            measurement = ClusterMetrics.measure(client, null, Map.of(SlipwayLabels.MANAGED_BY, SlipwayLabels.SLIPWAY));
        } catch (RuntimeException e) {
            measurement = ClusterMetrics.Measurement.unavailable(e.getMessage());
        }
        String before = measurement.available() ? unavailable.remove(cluster)
                : unavailable.put(cluster, measurement.unavailable());
        if (!Objects.equals(before, measurement.unavailable())) {
            if (measurement.available()) {
                log.info("Metrics: sampling cluster {} again", cluster);
            } else {
                log.info("Metrics: not sampling cluster {}: {}", cluster, measurement.unavailable());
            }
        }
        if (!measurement.available()) {
            return;
        }
        // Slipway's labels name the service and environment: a pod is found without knowing its namespace.
        Map<List<String>, List<PodUsages.Measured>> byPair = measurement.pods().stream().collect(Collectors.groupingBy(
                pod -> List.of(pod.labels().getOrDefault(SlipwayLabels.NAME, ""),
                        pod.labels().getOrDefault(SlipwayLabels.ENVIRONMENT, "")),
                Collectors.mapping(ClusterMetrics.MeasuredPod::usage, Collectors.toList())));
        for (SyncedPair pair : pairs) {
            List<PodUsages.Measured> pods = byPair.get(List.of(pair.service(), pair.environment()));
            if (pods != null && !pods.isEmpty()) {
                samples.record(pair.serviceId(), pair.environmentId(), now, PodUsages.total(pods), keepSince,
                        settings.maxSamplesPerPair());
            }
        }
    }

    /**
     * Every synced pair with its names and cluster, asked of the features that own them (docs/architecture.md):
     * the deployer's records, the catalog's service names, the clusters feature's environments. Three queries.
     */
    private List<SyncedPair> synced() {
        List<DeployedStates.DeployedState> states = deployed.all();
        if (states.isEmpty()) {
            return List.of();
        }
        Map<Long, EnvironmentView> environments = new java.util.HashMap<>();
        clusters.environments().forEach(e -> environments.put(e.id(), e));
        Map<Long, String> services = catalog.serviceNames(states.stream().map(DeployedStates.DeployedState::serviceId)
                .collect(Collectors.toSet()));
        return states.stream()
                .filter(d -> services.containsKey(d.serviceId()) && environments.containsKey(d.environmentId()))
                .map(d -> new SyncedPair(d.serviceId(), d.environmentId(), services.get(d.serviceId()),
                        environments.get(d.environmentId()).name(), environments.get(d.environmentId()).cluster()))
                .sorted(java.util.Comparator.comparing(SyncedPair::cluster).thenComparing(SyncedPair::service)
                        .thenComparing(SyncedPair::environment))
                .toList();
    }
}
