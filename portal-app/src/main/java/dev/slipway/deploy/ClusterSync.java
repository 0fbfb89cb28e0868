package dev.slipway.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Apply, then prune: makes one service in one environment match its rendered objects. */
public final class ClusterSync {

    private ClusterSync() {}

    /** What a sync did: every object applied (in order) and every object pruned. */
    public record Outcome(List<Manifest> applied, List<ClusterPlanner.Pruned> pruned) {}

    /**
     * Applies every manifest in dependency order with server-side apply, then deletes the labelled
     * objects that are no longer rendered. The first rejection stops the sync with the server's message.
     */
    public static Outcome sync(ClusterObjects cluster, List<Manifest> rendered, Map<String, String> ownerLabels,
            String namespace) throws KubernetesRejection {
        List<Manifest> applied = new ArrayList<>();
        for (Manifest manifest : rendered) {
            cluster.apply(manifest, false);
            applied.add(manifest);
        }
        List<ClusterPlanner.Pruned> pruned = ClusterPlanner.prunable(cluster, rendered, ownerLabels, namespace);
        for (ClusterPlanner.Pruned object : pruned) {
            cluster.delete(object.kind(), object.namespace(), object.name());
        }
        return new Outcome(applied, pruned);
    }
}
