package dev.slipway.deploy.engine;

import com.google.gson.JsonObject;
import dev.slipway.deploy.render.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Apply, then prune: makes one service in one environment match its rendered objects. */
public final class ClusterSync {

    private ClusterSync() {}

    /**
     * What a sync did: every object applied (in order) and every object pruned; {@code fingerprints} are the
     * applied namespaced objects as the API server returned them, reduced to what Slipway owns (by
     * {@code Kind/namespace/name}): what drift is measured against (docs/live-state.md).
     */
    public record Outcome(List<Manifest> applied, List<ClusterPlanner.Pruned> pruned, Map<String, String> fingerprints) {}

    /** Finds the objects to prune once everything rendered is applied. */
    public interface PruneFinder {
        List<ClusterPlanner.Pruned> find() throws KubernetesRejection;
    }

    /**
     * Applies every manifest in dependency order with server-side apply, then deletes the objects
     * {@code prunable} names (already gone is fine). The first rejection stops the sync with the server's message.
     */
    public static Outcome sync(ClusterObjects cluster, List<Manifest> rendered, PruneFinder prunable)
            throws KubernetesRejection {
        List<Manifest> applied = new ArrayList<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (Manifest manifest : rendered) {
            JsonObject live = cluster.apply(manifest, false);
            applied.add(manifest);
            if (manifest.kind().namespaced()) {
                fingerprints.put(manifest.key(), OwnedFields.fingerprint(live, ServerSideApplier.FIELD_MANAGER));
            }
        }
        List<ClusterPlanner.Pruned> pruned = prunable.find();
        for (ClusterPlanner.Pruned object : pruned) {
            cluster.delete(object.kind(), object.namespace(), object.name());
        }
        return new Outcome(applied, pruned, fingerprints);
    }
}
