package dev.slipway.observe.metrics;

import dev.slipway.deploy.engine.DeploymentTarget;
import dev.slipway.deploy.engine.Targets;
import dev.slipway.deploy.live.LiveStateCache;
import dev.slipway.deploy.render.SlipwayLabels;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * Usage of a service in an environment (docs/observe-metrics.md): its pods now, read from the cluster's metrics API
 * at each call, and its history from what the sampler stored. Reads only.
 */
@Service
public class MetricsService {

    /** About this many points at most per series, whatever the window: enough for a chart a few hundred px wide. */
    static final int MAX_POINTS = 360;

    static final Duration FRESH = Duration.ofSeconds(5);
    static final String UNREACHABLE = "the cluster cannot be reached (its watches are failing)";
    /** Readings kept at most (one per pair viewed in the last {@link #FRESH}); older ones go when it is reached. */
    static final int MAX_READINGS = 1000;

    private final Map<String, Reading> recent = new ConcurrentHashMap<>();
    private final Targets targets;
    private final MetricSamples samples;
    private final MetricsSettings settings;
    private final LiveStateCache liveState;

    MetricsService(Targets targets, MetricSamples samples, MetricsSettings settings, LiveStateCache liveState) {
        this.targets = targets;
        this.samples = samples;
        this.settings = settings;
        this.liveState = liveState;
    }

    /** Unknown service or environment: {@link dev.slipway.common.NotFoundException}. */
    public ServiceMetrics metrics(String serviceName, String environmentName, MetricsWindow window) {
        DeploymentTarget target = targets.resolve(serviceName, environmentName);
        String service = target.service().name();
        String environment = target.environment().name();
        Reading now = reading(target);
        Instant since = Instant.now().minus(window.duration());
        List<ServiceMetrics.Point> series = samples.series(target.service().id(), target.environment().id(), since,
                bucket(window.duration(), settings.sampleInterval())).stream()
                .map(s -> new ServiceMetrics.Point(s.at(), s.cpuMillicores(), s.memoryBytes())).toList();
        return new ServiceMetrics(service, environment, window.text(), settings.sampleInterval().toSeconds(),
                now.unavailable() == null, now.unavailable(), now.pods(), series);
    }

    /** The pods of a pair as read at {@code at}; {@code unavailable} says why there are none. */
    private record Reading(Instant at, List<PodUsage> pods, String unavailable) {}

    /**
     * The pair's pods, read from the cluster at most every {@link #FRESH}: metrics-server measures every 10 to 60 s,
     * so a fresher reading shows nothing new, and a page and the JSON it fetches right after it share one.
     */
    private Reading reading(DeploymentTarget target) {
        String key = target.environment().cluster() + "/" + target.namespace() + "/" + target.service().name() + "/"
                + target.environment().name();
        Instant now = Instant.now();
        Reading last = recent.get(key);
        if (last != null && last.at().plus(FRESH).isAfter(now)) {
            return last;
        }
        Reading read = read(target, now);
        if (recent.size() >= MAX_READINGS) {
            recent.values().removeIf(r -> !r.at().plus(FRESH).isAfter(now));
        }
        recent.put(key, read);
        return read;
    }

    private Reading read(DeploymentTarget target, Instant at) {
        if (liveState.unreachable(target.environment().cluster())) {
            // The watches already fail: asking would only wait for the connect timeout, on every page view.
            return new Reading(at, List.of(), UNREACHABLE);
        }
        Map<String, String> labels = SlipwayLabels.pods(target.service().name(), target.environment().name());
        try {
            ApiClient client = targets.cluster(target).client();
            ClusterMetrics.Measurement measured = ClusterMetrics.measure(client, target.namespace(), labels);
            if (!measured.available()) {
                return new Reading(at, List.of(), measured.unavailable());
            }
            return new Reading(at, PodUsages.combine(ClusterMetrics.declared(client, target.namespace(), labels),
                    measured.pods().stream().map(ClusterMetrics.MeasuredPod::usage).toList()), null);
        } catch (ApiException e) {
            return new Reading(at, List.of(), "the cluster answered " + e.getCode() + " listing the pods");
        } catch (RuntimeException e) {
            return new Reading(at, List.of(), "the cluster could not be reached");
        }
    }

    /**
     * For the status page: the window its address asks for ({@code ?window=1h}), the default when it asks for none
     * or for one that cannot be read (a page shows what it can rather than an error for a hand-edited address).
     */
    public ServiceMetrics forPage(String serviceName, String environmentName, String window) {
        MetricsWindow chosen;
        try {
            chosen = MetricsWindow.parse(window);
        } catch (dev.slipway.common.InvalidInputException e) {
            chosen = MetricsWindow.DEFAULT;
        }
        return metrics(serviceName, environmentName, chosen);
    }

    /** The windows the page offers. */
    public List<String> windows() {
        return List.of("15m", "1h", "6h", "24h");
    }

    /** Zero (every sample) when the window holds few enough samples, else the length that keeps it near MAX_POINTS. */
    static Duration bucket(Duration window, Duration interval) {
        if (window.toSeconds() <= interval.toSeconds() * MAX_POINTS) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds((window.toSeconds() + MAX_POINTS - 1) / MAX_POINTS);
    }
}
