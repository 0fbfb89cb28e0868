package dev.slipway.deploy.live;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.common.NotFoundException;
import dev.slipway.deploy.engine.ClusterObjects;
import dev.slipway.deploy.engine.KubernetesRejection;
import dev.slipway.deploy.render.ResourceKind;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Health of one service in one environment, read from the cluster: the Deployment, its pods and their
 * containers, its autoscaler and the recent events about them. {@link HealthAssessment} does the judging;
 * this class only reads.
 */
public final class WorkloadStatus {

    private WorkloadStatus() {}

    public enum Health {
        HEALTHY,
        PROGRESSING,
        DEGRADED,
        MISSING,
        UNKNOWN
    }

    /**
     * One pod. {@code reason} is what is wrong with it in words (null when nothing is); {@code waitingReason} and
     * {@code lastTerminationReason} are the Kubernetes words behind it ("CrashLoopBackOff", "Error (exit 1)").
     */
    public record PodInfo(String name, String phase, boolean ready, int restarts, String node, List<String> containers,
            @Nullable String waitingReason, @Nullable String lastTerminationReason, @Nullable String reason,
            @Nullable Instant startedAt) {}

    public record EventInfo(@Nullable String type, @Nullable String reason, String object, @Nullable String message, int count,
            String lastSeen) {}

    /** The service's HorizontalPodAutoscaler: its bounds, where it stands, and CPU utilisation in percent of requests. */
    public record HpaInfo(int minReplicas, int maxReplicas, int currentReplicas, int desiredReplicas,
            @Nullable Integer currentCpuUtilization, @Nullable Integer targetCpuUtilization, List<HpaCondition> conditions) {}

    public record HpaCondition(@Nullable String type, @Nullable String status, @Nullable String message) {}

    /** {@code summary} says why in words, naming the pod when a pod is the reason. */
    public record Report(Health health, String summary, int desired, int ready, int updated, int available,
            List<PodInfo> pods, List<EventInfo> events, @Nullable HpaInfo hpa) {}

    public static Report read(ClusterObjects cluster, String namespace, String service, Map<String, String> podSelector)
            throws KubernetesRejection {
        Optional<JsonObject> deployment = cluster.get(ResourceKind.DEPLOYMENT, namespace, service);
        List<JsonObject> pods = cluster.listCore("pods", namespace, podSelector);
        Optional<JsonObject> autoscaler = cluster.get(ResourceKind.HORIZONTAL_POD_AUTOSCALER, namespace, service);
        List<JsonObject> events = cluster.listCore("events", namespace, Map.of());
        return HealthAssessment.assess(namespace, service,
                new HealthAssessment.Observed(deployment, pods, autoscaler, events), Instant.now());
    }

    /** The health of the Deployment alone: one read, for lists. */
    public static Health health(ClusterObjects cluster, String namespace, String service) throws KubernetesRejection {
        var observed = new HealthAssessment.Observed(cluster.get(ResourceKind.DEPLOYMENT, namespace, service), List.of(),
                Optional.empty(), List.of());
        return HealthAssessment.assess(namespace, service, observed, Instant.now()).health();
    }

    /**
     * The tail of one container's log; {@code previous} asks for the log of the container that ran before the
     * last restart, which is where a crash-looping container says why it exits.
     */
    public static String logs(ClusterObjects cluster, String namespace, String pod, String container, int tailLines,
            boolean previous) throws KubernetesRejection {
        try {
            var request = new CoreV1Api(cluster.client()).readNamespacedPodLog(pod, namespace).tailLines(tailLines);
            if (container != null && !container.isBlank()) {
                request = request.container(container);
            }
            if (previous) {
                request = request.previous(true);
            }
            String log = request.execute();
            return log == null ? "" : log; // the server answers an empty body for a pod that never ran
        } catch (ApiException e) {
            String body = e.getResponseBody() == null ? "" : e.getResponseBody();
            if (previous && e.getCode() == 400 && body.contains("previous terminated container")) {
                throw new NotFoundException("Pod " + pod + " has no previous log"
                        + (container == null || container.isBlank() ? "" : " of container " + container)
                        + ": the container has not restarted, or its node no longer keeps the log of the run before.");
            }
            throw new KubernetesRejection("Logs of pod " + namespace + "/" + pod + " are not available (HTTP "
                    + e.getCode() + "): " + (body.isEmpty() ? e.getMessage() : body), e.getCode());
        }
    }

    /**
     * The container whose log to show when none was named: for the previous log the one that restarted most,
     * else the pod's default container (kubectl's annotation) or its first; null leaves it to the server, which
     * picks a pod's only container but refuses to choose among several.
     */
    static @Nullable String containerForLogs(JsonObject pod, boolean previous) {
        JsonObject status = pod.has("status") ? pod.getAsJsonObject("status") : new JsonObject();
        if (previous) {
            String most = null;
            int mostRestarts = 0;
            for (String field : List.of("containerStatuses", "initContainerStatuses")) {
                if (status.has(field) && status.get(field).isJsonArray()) {
                    for (JsonElement c : status.getAsJsonArray(field)) {
                        int restarts = c.getAsJsonObject().has("restartCount")
                                ? c.getAsJsonObject().get("restartCount").getAsInt()
                                : 0;
                        if (restarts > mostRestarts) {
                            most = c.getAsJsonObject().get("name").getAsString();
                            mostRestarts = restarts;
                        }
                    }
                }
            }
            if (most != null) {
                return most;
            }
        }
        JsonObject annotations = pod.getAsJsonObject("metadata").has("annotations")
                ? pod.getAsJsonObject("metadata").getAsJsonObject("annotations")
                : new JsonObject();
        if (annotations.has("kubectl.kubernetes.io/default-container")) {
            return annotations.get("kubectl.kubernetes.io/default-container").getAsString();
        }
        JsonObject spec = pod.getAsJsonObject("spec");
        if (spec == null || !spec.has("containers") || spec.getAsJsonArray("containers").size() < 2) {
            return null; // the server picks the only container itself
        }
        return spec.getAsJsonArray("containers").get(0).getAsJsonObject().get("name").getAsString();
    }
}
