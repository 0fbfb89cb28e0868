package dev.slipway.observe.metrics;

import dev.slipway.common.RootCause;
import io.kubernetes.client.custom.PodMetrics;
import io.kubernetes.client.custom.PodMetricsList;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.options.ListOptions;
import jakarta.annotation.Nullable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads usage from a cluster's metrics API ({@code metrics.k8s.io/v1beta1}, served by metrics-server through API
 * aggregation) and requests and limits from its pods. A cluster without the metrics API answers 404 for the group
 * (503 while metrics-server is registered but down): that is "not available", not a failure.
 */
final class ClusterMetrics {

    static final String NOT_AVAILABLE = "metrics not available on this cluster";

    private ClusterMetrics() {}

    /** One pod as the metrics API reports it, with its labels (metrics-server copies the pod's). */
    record MeasuredPod(String namespace, Map<String, String> labels, PodUsages.Measured usage) {}

    /** What the metrics API answered: the pods measured, or why there is nothing (null when there is). */
    record Measurement(List<MeasuredPod> pods, @Nullable String unavailable) {

        static Measurement unavailable(String why) {
            return new Measurement(List.of(), why);
        }

        boolean available() {
            return unavailable == null;
        }
    }

    /** Pods of {@code namespace} (every namespace when null) that carry all of {@code labels}. */
    static Measurement measure(ApiClient client, @Nullable String namespace, Map<String, String> labels) {
        var api = new GenericKubernetesApi<>(PodMetrics.class, PodMetricsList.class, "metrics.k8s.io", "v1beta1", "pods",
                client);
        ListOptions options = new ListOptions();
        options.setLabelSelector(selector(labels));
        KubernetesApiResponse<PodMetricsList> response;
        try {
            response = namespace == null ? api.list(options) : api.list(namespace, options);
        } catch (RuntimeException e) {
            return Measurement.unavailable("the cluster could not be reached (" + RootCause.describe(e) + ")");
        }
        int code = response.getHttpStatusCode();
        if (code == 404 || code == 503) {
            return Measurement.unavailable(NOT_AVAILABLE);
        }
        if (!response.isSuccess() || response.getObject() == null) {
            String message = response.getStatus() == null ? null : response.getStatus().getMessage();
            return Measurement.unavailable("the metrics API answered " + code + (message == null ? "" : ": " + message));
        }
        List<MeasuredPod> pods = new ArrayList<>();
        for (PodMetrics pod : response.getObject().getItems()) {
            long cpu = 0;
            long memory = 0;
            for (var container : pod.getContainers() == null ? List.<io.kubernetes.client.custom.ContainerMetrics>of()
                    : pod.getContainers()) {
                Map<String, Quantity> usage = container.getUsage() == null ? Map.of() : container.getUsage();
                cpu += usage.containsKey("cpu") ? PodUsages.millicores(usage.get("cpu").getNumber()) : 0;
                memory += usage.containsKey("memory") ? PodUsages.bytes(usage.get("memory").getNumber()) : 0;
            }
            var meta = pod.getMetadata();
            pods.add(new MeasuredPod(meta.getNamespace(), meta.getLabels() == null ? Map.of() : meta.getLabels(),
                    new PodUsages.Measured(meta.getName(), cpu, memory)));
        }
        return new Measurement(pods, null);
    }

    /** Each pod's containers' requests and limits, by pod name. */
    static Map<String, List<PodUsages.Declared>> declared(ApiClient client, String namespace, Map<String, String> labels)
            throws ApiException {
        List<V1Pod> pods = new CoreV1Api(client).listNamespacedPod(namespace).labelSelector(selector(labels)).execute()
                .getItems();
        Map<String, List<PodUsages.Declared>> declared = new LinkedHashMap<>();
        for (V1Pod pod : pods) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue; // uses nothing any more
            }
            List<PodUsages.Declared> containers = new ArrayList<>();
            for (V1Container container : pod.getSpec().getContainers()) {
                V1ResourceRequirements resources = container.getResources();
                Map<String, Quantity> requests = resources == null || resources.getRequests() == null ? Map.of()
                        : resources.getRequests();
                Map<String, Quantity> limits = resources == null || resources.getLimits() == null ? Map.of()
                        : resources.getLimits();
                containers.add(new PodUsages.Declared(cpu(requests), cpu(limits), memory(requests), memory(limits)));
            }
            declared.put(pod.getMetadata().getName(), containers);
        }
        return declared;
    }

    @Nullable
    private static Long cpu(Map<String, Quantity> quantities) {
        Quantity q = quantities.get("cpu");
        return q == null ? null : PodUsages.millicores(q.getNumber());
    }

    @Nullable
    private static Long memory(Map<String, Quantity> quantities) {
        Quantity q = quantities.get("memory");
        return q == null ? null : PodUsages.bytes(q.getNumber());
    }

    private static String selector(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                .collect(Collectors.joining(","));
    }
}
