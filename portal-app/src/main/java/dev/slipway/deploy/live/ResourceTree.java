package dev.slipway.deploy.live;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import jakarta.annotation.Nullable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a service runs in one environment as a person pictures it: the Deployment, its ReplicaSets (by owner
 * reference) and their pods, beside the Service, Ingress, autoscaler, ConfigMap and Secret. Each node has a
 * health (a value {@code fragments/badges :: state} colours) and its reason in words. A pure function over
 * what the live-state cache (or a direct read) saw and the drift the last comparison recorded.
 */
public final class ResourceTree {

    /** Health of an object Slipway applies that differs from what was approved. */
    static final String DRIFTED = "DRIFTED";

    /**
     * One object. {@code drift} is "in sync", "drifted", "missing" or "not approved" for the objects Slipway applies,
     * null for what controllers make (ReplicaSets, pods).
     */
    public record Node(String kind, String name, String health, String reason, @Nullable String drift,
            List<Node> children) {}

    private static final List<String> ORDER = List.of("Deployment", "Service", "Ingress", "HorizontalPodAutoscaler",
            "PodDisruptionBudget", "ConfigMap", "Secret");

    private ResourceTree() {}

    /**
     * The tree. {@code objects} names the managed objects on the cluster as {@code Kind/name}; {@code drift}
     * maps {@code Kind/name} to the action the last drift comparison found (CREATE: missing, UPDATE: changed,
     * PRUNE: not approved), see {@link #driftActions(String)}.
     */
    static List<Node> of(Optional<JsonObject> deployment, List<JsonObject> replicaSets, List<JsonObject> pods,
            Collection<String> objects, WorkloadStatus.Report report, Map<String, String> drift) {
        Map<String, WorkloadStatus.PodInfo> judged = new HashMap<>();
        report.pods().forEach(p -> judged.put(p.name(), p));
        Map<String, List<Node>> podsByOwner = new HashMap<>();
        List<Node> unowned = new ArrayList<>();
        for (JsonObject pod : pods.stream().sorted(Comparator.comparing(ResourceTree::nameOf)).toList()) {
            Node node = pod(nameOf(pod), judged.get(nameOf(pod)), pod);
            String owner = ownerUid(pod);
            if (owner == null) {
                unowned.add(node);
            } else {
                podsByOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(node);
            }
        }
        String deploymentUid = deployment.map(ResourceTree::uidOf).orElse(null);
        List<Node> underDeployment = new ArrayList<>();
        List<Node> strayReplicaSets = new ArrayList<>();
        Set<String> placedOwners = new LinkedHashSet<>();
        for (JsonObject replicaSet : replicaSets.stream()
                .sorted(Comparator.comparingInt(ResourceTree::revisionOf).reversed()
                        .thenComparing(ResourceTree::nameOf))
                .toList()) {
            String uid = uidOf(replicaSet);
            placedOwners.add(uid);
            Node node = replicaSet(replicaSet, podsByOwner.getOrDefault(uid, List.of()));
            if (deploymentUid != null && deploymentUid.equals(ownerUid(replicaSet))) {
                underDeployment.add(node);
            } else {
                strayReplicaSets.add(node);
            }
        }
        // Pods whose ReplicaSet the cache does not know (yet): shown under the Deployment rather than lost.
        podsByOwner.forEach((owner, nodes) -> {
            if (!placedOwners.contains(owner)) {
                unowned.addAll(nodes);
            }
        });

        Map<String, String> present = new LinkedHashMap<>();
        objects.stream().sorted(Comparator.comparingInt((String o) -> rank(o.substring(0, o.indexOf('/'))))
                .thenComparing(o -> o)).forEach(o -> present.put(o, o));
        List<Node> roots = new ArrayList<>();
        for (String key : present.keySet()) {
            String kind = key.substring(0, key.indexOf('/'));
            String name = key.substring(key.indexOf('/') + 1);
            String action = drift.get(key);
            if ("Deployment".equals(kind) && deployment.isPresent() && name.equals(nameOf(deployment.get()))) {
                List<Node> children = new ArrayList<>(underDeployment);
                children.addAll(unowned);
                String driftWords = driftWords(action);
                String reason = report.summary() + ("in sync".equals(driftWords) ? "" : "; " + driftWords);
                roots.add(new Node(kind, name, report.health().name(), reason, driftWords, List.copyOf(children)));
                unowned.clear();
            } else {
                roots.add(managed(kind, name, action));
            }
        }
        if (deployment.isEmpty() || !present.containsKey("Deployment/" + nameOf(deployment.get()))) {
            roots.addAll(strayReplicaSets);
            roots.addAll(unowned);
        } else {
            roots.addAll(strayReplicaSets);
        }
        drift.forEach((key, action) -> {
            if ("CREATE".equals(action) && !present.containsKey(key)) {
                roots.add(new Node(key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1),
                        WorkloadStatus.Health.MISSING.name(), "missing: the approved revision has it, the cluster does not",
                        "missing", List.of()));
            }
        });
        return List.copyOf(roots);
    }

    /**
     * The drift recorded for a pair ({@code deployed_state.drift_detail}: a JSON array of {@code {kind, name,
     * action, diff}}) as {@code Kind/name -> action}; empty for none or for what cannot be read.
     */
    static Map<String, String> driftActions(@Nullable String detailJson) {
        Map<String, String> actions = new LinkedHashMap<>();
        if (detailJson == null || detailJson.isBlank()) {
            return actions;
        }
        try {
            JsonElement parsed = JsonParser.parseString(detailJson);
            if (!parsed.isJsonArray()) {
                return actions;
            }
            for (JsonElement element : parsed.getAsJsonArray()) {
                JsonObject object = element.getAsJsonObject();
                actions.put(object.get("kind").getAsString() + "/" + object.get("name").getAsString(),
                        object.get("action").getAsString());
            }
        } catch (RuntimeException e) {
            // recorded by an older Slipway in another shape: no per-object drift to show
        }
        return actions;
    }

    private static Node managed(String kind, String name, @Nullable String action) {
        String words = driftWords(action);
        return switch (words) {
            case "drifted" -> new Node(kind, name, DRIFTED, "drifted: differs from the approved revision", words, List.of());
            case "not approved" -> new Node(kind, name, DRIFTED,
                    "not in the approved revision: a sync would remove it", words, List.of());
            case "missing" -> new Node(kind, name, WorkloadStatus.Health.MISSING.name(),
                    "missing: the approved revision has it, the cluster does not", words, List.of());
            default -> new Node(kind, name, WorkloadStatus.Health.HEALTHY.name(), "in sync", words, List.of());
        };
    }

    private static String driftWords(@Nullable String action) {
        if (action == null) {
            return "in sync";
        }
        return switch (action) {
            case "UPDATE" -> "drifted";
            case "CREATE" -> "missing";
            case "PRUNE" -> "not approved";
            default -> "in sync";
        };
    }

    private static Node replicaSet(JsonObject replicaSet, List<Node> pods) {
        JsonObject spec = replicaSet.getAsJsonObject("spec");
        JsonObject status = replicaSet.getAsJsonObject("status");
        int desired = intOf(spec, "replicas");
        int ready = intOf(status, "readyReplicas");
        int revision = revisionOf(replicaSet);
        String prefix = revision > 0 ? "revision " + revision + ": " : "";
        String health;
        String reason;
        if (desired == 0) {
            health = WorkloadStatus.Health.UNKNOWN.name();
            reason = prefix + "scaled down (an earlier rollout)";
        } else if (ready >= desired) {
            health = WorkloadStatus.Health.HEALTHY.name();
            reason = prefix + ready + "/" + desired + " replicas ready";
        } else {
            health = WorkloadStatus.Health.PROGRESSING.name();
            reason = prefix + ready + "/" + desired + " replicas ready";
        }
        return new Node("ReplicaSet", nameOf(replicaSet), health, reason, null, List.copyOf(pods));
    }

    private static Node pod(String name, @Nullable WorkloadStatus.PodInfo info, JsonObject pod) {
        if (info == null) {
            String phase = pod.has("status") && pod.getAsJsonObject("status").has("phase")
                    ? pod.getAsJsonObject("status").get("phase").getAsString() : "Pending";
            return new Node("Pod", name, WorkloadStatus.Health.UNKNOWN.name(), phase, null, List.of());
        }
        if (info.ready()) {
            return new Node("Pod", name, WorkloadStatus.Health.HEALTHY.name(),
                    "ready" + (info.restarts() > 0 ? ", restarted " + info.restarts() + " times" : ""), null, List.of());
        }
        if (info.reason() == null || "is terminating".equals(info.reason())) {
            return new Node("Pod", name, WorkloadStatus.Health.PROGRESSING.name(),
                    info.reason() == null ? info.phase() + ", not ready yet" : info.reason(), null, List.of());
        }
        return new Node("Pod", name, WorkloadStatus.Health.DEGRADED.name(), info.reason(), null, List.of());
    }

    private static int rank(String kind) {
        int index = ORDER.indexOf(kind);
        return index < 0 ? ORDER.size() : index;
    }

    static int revisionOf(JsonObject replicaSet) {
        JsonObject annotations = replicaSet.getAsJsonObject("metadata").getAsJsonObject("annotations");
        if (annotations == null || !annotations.has("deployment.kubernetes.io/revision")) {
            return 0;
        }
        try {
            return Integer.parseInt(annotations.get("deployment.kubernetes.io/revision").getAsString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String nameOf(JsonObject object) {
        return object.getAsJsonObject("metadata").get("name").getAsString();
    }

    private static @Nullable String uidOf(JsonObject object) {
        JsonObject metadata = object.getAsJsonObject("metadata");
        return metadata.has("uid") ? metadata.get("uid").getAsString() : null;
    }

    private static @Nullable String ownerUid(JsonObject object) {
        JsonObject metadata = object.getAsJsonObject("metadata");
        if (!metadata.has("ownerReferences")) {
            return null;
        }
        for (JsonElement owner : metadata.getAsJsonArray("ownerReferences")) {
            JsonObject reference = owner.getAsJsonObject();
            if (reference.has("uid")) {
                return reference.get("uid").getAsString();
            }
        }
        return null;
    }

    private static int intOf(@Nullable JsonObject object, String field) {
        return object != null && object.has(field) && !object.get(field).isJsonNull() ? object.get(field).getAsInt() : 0;
    }
}
