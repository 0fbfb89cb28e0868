package dev.slipway.deploy.live;

import dev.slipway.deploy.render.ResourceKind;
import java.util.Optional;

/**
 * What the live-state cache watches on each cluster (docs/live-state.md): the kinds Slipway applies,
 * by their fingerprint, and what health needs beside them. Managed kinds and what their pods make carry
 * {@code app.kubernetes.io/managed-by=slipway}; events carry no labels and are filtered by the object
 * they are about.
 */
enum WatchedKind {
    DEPLOYMENT(ResourceKind.DEPLOYMENT),
    SERVICE(ResourceKind.SERVICE),
    INGRESS(ResourceKind.INGRESS),
    CONFIG_MAP(ResourceKind.CONFIG_MAP),
    SECRET(ResourceKind.SECRET),
    HORIZONTAL_POD_AUTOSCALER(ResourceKind.HORIZONTAL_POD_AUTOSCALER),
    POD_DISRUPTION_BUDGET(ResourceKind.POD_DISRUPTION_BUDGET),
    REPLICA_SET("/apis/apps/v1/replicasets", "ReplicaSet", managedSelector()),
    POD("/api/v1/pods", "Pod", managedSelector()),
    EVENT("/api/v1/events", "Event", null);

    private final ResourceKind managed;
    private final String path;
    private final String kind;
    private final String labelSelector;

    WatchedKind(ResourceKind managed) {
        this.managed = managed;
        this.path = (managed.group().isEmpty() ? "/api/" : "/apis/" + managed.group() + "/") + managed.version() + "/"
                + managed.plural();
        this.kind = managed.kind();
        this.labelSelector = managedSelector();
    }

    WatchedKind(String path, String kind, String labelSelector) {
        this.managed = null;
        this.path = path;
        this.kind = kind;
        this.labelSelector = labelSelector;
    }

    // A method, not a constant: enum constructors cannot read the enum's own static fields.
    private static String managedSelector() {
        return "app.kubernetes.io/managed-by=slipway";
    }

    /** The kind Slipway applies, if it is one. */
    Optional<ResourceKind> managed() {
        return Optional.ofNullable(managed);
    }

    /** The cluster-wide collection, for list and watch. */
    String path() {
        return path;
    }

    String kind() {
        return kind;
    }

    String plural() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Null for events. */
    String labelSelector() {
        return labelSelector;
    }
}
