package dev.slipway.deploy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import jakarta.annotation.Nullable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Health of one service in one environment, read from the cluster: the Deployment's conditions and
 * replica counts, its pods and the recent events about them.
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

    public record PodInfo(String name, String phase, boolean ready, int restarts, String node, List<String> containers) {}

    public record EventInfo(@Nullable String type, @Nullable String reason, String object, @Nullable String message, int count,
            String lastSeen) {}

    public record Report(Health health, String summary, int desired, int ready, int updated, int available,
            List<PodInfo> pods, List<EventInfo> events) {}

    public static Report read(ClusterObjects cluster, String namespace, String service, Map<String, String> podSelector)
            throws KubernetesRejection {
        Optional<JsonObject> deployment = cluster.get(ResourceKind.DEPLOYMENT, namespace, service);
        return assess(deployment, namespace, service, pods(cluster, namespace, podSelector), events(cluster, namespace, service));
    }

    /** The health of the Deployment alone: one read, for lists. */
    public static Health health(ClusterObjects cluster, String namespace, String service) throws KubernetesRejection {
        return assess(cluster.get(ResourceKind.DEPLOYMENT, namespace, service), namespace, service, List.of(), List.of())
                .health();
    }

    private static Report assess(Optional<JsonObject> deployment, String namespace, String service, List<PodInfo> pods,
            List<EventInfo> events) {
        if (deployment.isEmpty()) {
            return new Report(Health.MISSING, "No Deployment " + service + " in " + namespace, 0, 0, 0, 0, pods, events);
        }
        JsonObject spec = deployment.get().getAsJsonObject("spec");
        JsonObject status = deployment.get().getAsJsonObject("status");
        int desired = intOf(spec, "replicas", 1);
        int ready = intOf(status, "readyReplicas", 0);
        int updated = intOf(status, "updatedReplicas", 0);
        int available = intOf(status, "availableReplicas", 0);
        long generation = deployment.get().getAsJsonObject("metadata").get("generation").getAsLong();
        long observed = status == null || !status.has("observedGeneration") ? 0 : status.get("observedGeneration").getAsLong();
        Health health;
        String summary;
        JsonObject progressing = condition(status, "Progressing");
        JsonObject replicaFailure = condition(status, "ReplicaFailure");
        if (replicaFailure != null && "True".equals(replicaFailure.get("status").getAsString())) {
            health = Health.DEGRADED;
            summary = messageOf(replicaFailure);
        } else if (progressing != null && "False".equals(progressing.get("status").getAsString())) {
            health = Health.DEGRADED;
            summary = messageOf(progressing);
        } else if (observed < generation) {
            health = Health.PROGRESSING;
            summary = "Waiting for the Deployment controller to observe generation " + generation;
        } else if (updated >= desired && ready >= desired && available >= desired) {
            health = Health.HEALTHY;
            summary = ready + "/" + desired + " replicas ready";
        } else {
            health = Health.PROGRESSING;
            summary = ready + "/" + desired + " replicas ready, " + updated + " updated";
        }
        return new Report(health, summary, desired, ready, updated, available, pods, events);
    }

    public static String logs(ClusterObjects cluster, String namespace, String pod, String container, int tailLines)
            throws KubernetesRejection {
        try {
            var request = new CoreV1Api(cluster.client()).readNamespacedPodLog(pod, namespace).tailLines(tailLines);
            if (container != null && !container.isBlank()) {
                request = request.container(container);
            }
            String log = request.execute();
            return log == null ? "" : log; // the server answers an empty body for a pod that never ran
        } catch (ApiException e) {
            throw new KubernetesRejection("Logs of pod " + namespace + "/" + pod + " are not available (HTTP "
                    + e.getCode() + "): " + (e.getResponseBody() == null ? e.getMessage() : e.getResponseBody()), e.getCode());
        }
    }

    private static List<PodInfo> pods(ClusterObjects cluster, String namespace, Map<String, String> selector)
            throws KubernetesRejection {
        List<PodInfo> pods = new ArrayList<>();
        for (JsonObject pod : cluster.listCore("pods", namespace, selector)) {
            JsonObject status = pod.getAsJsonObject("status");
            JsonArray containerStatuses = status == null ? null : status.getAsJsonArray("containerStatuses");
            boolean ready = containerStatuses != null && !containerStatuses.isEmpty();
            int restarts = 0;
            List<String> containers = new ArrayList<>();
            for (JsonElement c : pod.getAsJsonObject("spec").getAsJsonArray("containers")) {
                containers.add(c.getAsJsonObject().get("name").getAsString());
            }
            if (containerStatuses != null) {
                for (JsonElement c : containerStatuses) {
                    ready &= c.getAsJsonObject().get("ready").getAsBoolean();
                    restarts += c.getAsJsonObject().get("restartCount").getAsInt();
                }
            }
            pods.add(new PodInfo(pod.getAsJsonObject("metadata").get("name").getAsString(),
                    status != null && status.has("phase") ? status.get("phase").getAsString() : "Pending", ready, restarts,
                    pod.getAsJsonObject("spec").has("nodeName") ? pod.getAsJsonObject("spec").get("nodeName").getAsString() : "",
                    containers));
        }
        pods.sort(Comparator.comparing(PodInfo::name));
        return pods;
    }

    private static List<EventInfo> events(ClusterObjects cluster, String namespace, String service)
            throws KubernetesRejection {
        List<EventInfo> events = new ArrayList<>();
        for (JsonObject event : cluster.listCore("events", namespace, Map.of())) {
            JsonObject involved = event.getAsJsonObject("involvedObject");
            String objectName = involved == null || !involved.has("name") ? "" : involved.get("name").getAsString();
            if (!objectName.equals(service) && !objectName.startsWith(service + "-")) {
                continue;
            }
            String lastSeen = stringOf(event, "lastTimestamp");
            if (lastSeen == null) {
                lastSeen = stringOf(event, "eventTime");
            }
            events.add(new EventInfo(stringOf(event, "type"), stringOf(event, "reason"),
                    (involved.has("kind") ? involved.get("kind").getAsString() + "/" : "") + objectName,
                    stringOf(event, "message"), event.has("count") ? event.get("count").getAsInt() : 1,
                    lastSeen == null ? "" : lastSeen));
        }
        events.sort(Comparator.comparing(EventInfo::lastSeen).reversed());
        return events.size() > 20 ? List.copyOf(events.subList(0, 20)) : events;
    }

    private static JsonObject condition(JsonObject status, String type) {
        if (status == null || !status.has("conditions")) {
            return null;
        }
        for (JsonElement c : status.getAsJsonArray("conditions")) {
            if (type.equals(c.getAsJsonObject().get("type").getAsString())) {
                return c.getAsJsonObject();
            }
        }
        return null;
    }

    private static String messageOf(JsonObject condition) {
        return List.of("reason", "message").stream()
                .filter(condition::has)
                .map(k -> condition.get(k).getAsString())
                .collect(Collectors.joining(": "));
    }

    private static int intOf(JsonObject object, String field, int fallback) {
        return object == null || !object.has(field) ? fallback : object.get(field).getAsInt();
    }

    private static String stringOf(JsonObject object, String field) {
        return object.has(field) && !object.get(field).isJsonNull() ? object.get(field).getAsString() : null;
    }
}
