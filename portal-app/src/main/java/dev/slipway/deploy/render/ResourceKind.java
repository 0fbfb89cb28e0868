package dev.slipway.deploy.render;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Kubernetes kinds Slipway manages, in the order they are applied: a Namespace before what lives
 * in it, ConfigMap and Secret before the Deployment that mounts them, the Deployment before the
 * Service, autoscaler and Ingress that point at it; the PodDisruptionBudget last (added later, and nothing
 * depends on it). Pruning walks the list backwards.
 */
public enum ResourceKind {
    NAMESPACE("", "v1", "Namespace", "namespaces", false),
    CONFIG_MAP("", "v1", "ConfigMap", "configmaps", true),
    SECRET("", "v1", "Secret", "secrets", true),
    DEPLOYMENT("apps", "v1", "Deployment", "deployments", true),
    SERVICE("", "v1", "Service", "services", true),
    HORIZONTAL_POD_AUTOSCALER("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
    INGRESS("networking.k8s.io", "v1", "Ingress", "ingresses", true),
    POD_DISRUPTION_BUDGET("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true);

    private final String group;
    private final String version;
    private final String kind;
    private final String plural;
    private final boolean namespaced;

    ResourceKind(String group, String version, String kind, String plural, boolean namespaced) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
        this.namespaced = namespaced;
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }

    public boolean namespaced() {
        return namespaced;
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public static Optional<ResourceKind> ofKind(String kind) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
    }
}
