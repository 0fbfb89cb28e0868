package dev.slipway.deploy.engine;

import com.google.gson.JsonObject;
import dev.slipway.deploy.render.Manifest;
import dev.slipway.deploy.render.ResourceKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plan: render, server-side dry-run apply, compare with the live objects. Says per object whether
 * applying would create, change or leave it, and which labelled objects would be pruned.
 */
public final class ClusterPlanner {

    private ClusterPlanner() {}

    public static List<PlannedObject> plan(ClusterObjects cluster, List<Manifest> rendered, Map<String, String> ownerLabels,
            String namespace) throws KubernetesRejection {
        List<PlannedObject> planned = new ArrayList<>();
        boolean namespaceExists = true;
        for (Manifest manifest : rendered) {
            Optional<JsonObject> live = cluster.get(manifest.kind(), manifest.namespace(), manifest.name());
            if (manifest.kind() == ResourceKind.NAMESPACE && live.isEmpty()) {
                namespaceExists = false;
            }
            planned.add(compare(cluster, manifest, live, namespaceExists));
        }
        for (Pruned prune : prunable(cluster, rendered, ownerLabels, namespace)) {
            planned.add(new PlannedObject(prune.kind().kind(), prune.namespace(), prune.name(), PlanAction.PRUNE, List.of()));
        }
        return planned;
    }

    /**
     * The one comparison of an object Slipway applies (docs/live-state.md), used by the plan, the drift check
     * and the status page's object view: the live object against what applying {@code manifest} would make of
     * it (a server-side dry run, so defaults and other managers' fields are on both sides), Slipway's
     * bookkeeping and status left out, Secret values masked. A new object in a namespace that does not exist
     * yet is shown as rendered (a dry run there fails).
     */
    public static PlannedObject compare(ClusterObjects cluster, Manifest manifest, Optional<JsonObject> live,
            boolean namespaceExists) throws KubernetesRejection {
        if (live.isEmpty()) {
            JsonObject preview = namespaceExists || manifest.kind() == ResourceKind.NAMESPACE
                    ? cluster.apply(manifest, true)
                    : manifest.body();
            return new PlannedObject(manifest.kind().kind(), manifest.namespace(), manifest.name(), PlanAction.CREATE,
                    maskedChanges(new JsonObject(), LiveObjects.comparable(preview)));
        }
        JsonObject preview = LiveObjects.comparable(cluster.apply(manifest, true));
        var changes = maskedChanges(LiveObjects.comparable(live.get()), preview);
        return new PlannedObject(manifest.kind().kind(), manifest.namespace(), manifest.name(),
                changes.isEmpty() ? PlanAction.UNCHANGED : PlanAction.UPDATE, changes);
    }

    /** Labelled objects of this service and environment that are no longer rendered, in prune order. */
    public static List<Pruned> prunable(ClusterObjects cluster, List<Manifest> rendered, Map<String, String> ownerLabels,
            String namespace) throws KubernetesRejection {
        Set<String> wanted = new HashSet<>();
        rendered.forEach(m -> wanted.add(m.kind().kind() + "/" + m.name()));
        List<Pruned> prune = new ArrayList<>();
        ResourceKind[] kinds = ResourceKind.values();
        for (int i = kinds.length - 1; i >= 0; i--) {
            ResourceKind kind = kinds[i];
            if (!kind.namespaced()) {
                continue; // namespaces are shared by a team's services and never pruned
            }
            for (JsonObject item : cluster.list(kind, namespace, ownerLabels)) {
                String name = item.getAsJsonObject("metadata").get("name").getAsString();
                if (!wanted.contains(kind.kind() + "/" + name)) {
                    prune.add(new Pruned(kind, namespace, name));
                }
            }
        }
        return prune;
    }

    public static List<JsonTreeDiff.FieldChange> maskedChanges(JsonObject before, JsonObject after) {
        boolean secret = "Secret".equals(after.has("kind") ? after.get("kind").getAsString() : null);
        List<JsonTreeDiff.FieldChange> changes = JsonTreeDiff.between(before, after);
        if (!secret) {
            return changes;
        }
        return changes.stream()
                .map(c -> c.path().startsWith("data") || c.path().startsWith("stringData")
                        ? new JsonTreeDiff.FieldChange(c.path(), c.before() == null ? null : "\"<hidden>\"",
                                c.after() == null ? null : (c.before() == null ? "\"<hidden>\"" : "\"<hidden, changed>\""))
                        : c)
                .toList();
    }

    /** An object to delete because it is no longer rendered. */
    public record Pruned(ResourceKind kind, String namespace, String name) {
        public String key() {
            return kind.kind() + "/" + namespace + "/" + name;
        }
    }
}
