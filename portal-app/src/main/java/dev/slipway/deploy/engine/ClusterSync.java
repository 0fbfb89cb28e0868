package dev.slipway.deploy.engine;

import dev.slipway.deploy.render.Manifest;
import java.util.ArrayList;
import java.util.List;

/** Apply, then prune: makes one service in one environment match its rendered objects. */
public final class ClusterSync {

    private ClusterSync() {}

    /** What a sync did: every object applied (in order) and every object pruned. */
    public record Outcome(List<Manifest> applied, List<ClusterPlanner.Pruned> pruned) {}

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
        for (Manifest manifest : rendered) {
            cluster.apply(manifest, false);
            applied.add(manifest);
        }
        List<ClusterPlanner.Pruned> pruned = prunable.find();
        for (ClusterPlanner.Pruned object : pruned) {
            cluster.delete(object.kind(), object.namespace(), object.name());
        }
        return new Outcome(applied, pruned);
    }
}
