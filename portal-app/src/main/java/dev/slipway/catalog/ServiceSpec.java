package dev.slipway.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The spec of a service, one immutable JSON document per revision (docs/architecture.md, "The spec"). Forms
 * and the API both produce it; {@link SpecValidator} checks it. {@code overrides} maps an
 * environment name to a partial spec merged over this one with JSON Merge Patch (RFC 7396), see
 * {@link SpecMerge}.
 *
 * <p>{@code configFiles}, {@code monitoring}, {@code securityContext} and {@code podDisruptionBudget} come last
 * so that code written before them still compiles against the shorter constructors; in JSON they sit beside the
 * sections they belong with.
 *
 * <p>Lists and maps may hold null elements so that {@link SpecValidator} can name them instead of
 * the constructor failing; a stored revision has passed validation and holds none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"image", "replicas", "command", "args", "ports", "resources", "config", "configFiles", "secrets",
        "ingress", "autoscaling", "probes", "monitoring", "securityContext", "podDisruptionBudget", "overrides"})
public record ServiceSpec(
        String image,
        Integer replicas,
        List<String> command,
        List<String> args,
        List<Port> ports,
        Resources resources,
        Map<String, String> config,
        List<String> secrets,
        Ingress ingress,
        Autoscaling autoscaling,
        Probes probes,
        Map<String, Map<String, Object>> overrides,
        List<ConfigFile> configFiles,
        Monitoring monitoring,
        SecurityContext securityContext,
        PodDisruptionBudget podDisruptionBudget) {

    public ServiceSpec {
        command = copyOf(command);
        args = copyOf(args);
        ports = copyOf(ports);
        config = config == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(config));
        secrets = copyOf(secrets);
        configFiles = copyOf(configFiles);
        overrides = overrides == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(overrides));
    }

    /** A spec without a security context or disruption budget. */
    public ServiceSpec(String image, Integer replicas, List<String> command, List<String> args, List<Port> ports,
            Resources resources, Map<String, String> config, List<String> secrets, Ingress ingress,
            Autoscaling autoscaling, Probes probes, Map<String, Map<String, Object>> overrides,
            List<ConfigFile> configFiles, Monitoring monitoring) {
        this(image, replicas, command, args, ports, resources, config, secrets, ingress, autoscaling, probes, overrides,
                configFiles, monitoring, null, null);
    }

    /** A spec without monitoring. */
    public ServiceSpec(String image, Integer replicas, List<String> command, List<String> args, List<Port> ports,
            Resources resources, Map<String, String> config, List<String> secrets, Ingress ingress,
            Autoscaling autoscaling, Probes probes, Map<String, Map<String, Object>> overrides,
            List<ConfigFile> configFiles) {
        this(image, replicas, command, args, ports, resources, config, secrets, ingress, autoscaling, probes, overrides,
                configFiles, null, null, null);
    }

    /** A spec without config files or monitoring. */
    public ServiceSpec(String image, Integer replicas, List<String> command, List<String> args, List<Port> ports,
            Resources resources, Map<String, String> config, List<String> secrets, Ingress ingress,
            Autoscaling autoscaling, Probes probes, Map<String, Map<String, Object>> overrides) {
        this(image, replicas, command, args, ports, resources, config, secrets, ingress, autoscaling, probes, overrides,
                null, null, null, null);
    }

    /** A spec with just an image: what a freshly registered service starts from. */
    public static ServiceSpec ofImage(String image) {
        return new ServiceSpec(image, 1, null, null, null, null, null, null, null, null, null, null);
    }

    /** A container port, optionally exposed by the Kubernetes Service on {@code servicePort}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Port(String name, Integer containerPort, Integer servicePort) {}

    /** Requests and limits as Kubernetes quantities ({@code 250m}, {@code 512Mi}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resources(String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit) {}

    /** How the service is reached from outside the cluster; it routes to the first port with a servicePort. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ingress(String host, String path, Boolean tls) {}

    /** A HorizontalPodAutoscaler on CPU utilisation; when set, the Deployment carries no replica count. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Autoscaling(Integer minReplicas, Integer maxReplicas, Integer cpuUtilization) {}

    /** A file mounted read-only into the container at {@code path}, with {@code content} as its text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConfigFile(String path, String content) {}

    /** HTTP probes; {@code port} names a declared port or gives a number. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Probes(String readinessPath, String livenessPath, String port) {}

    /**
     * Where Prometheus scrapes the pods (docs/observe-monitoring.md): {@code metricsPort} names a declared
     * port or gives a number (absent: the first declared port), {@code metricsPath} defaults to
     * {@value #DEFAULT_METRICS_PATH}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Monitoring(String metricsPort, String metricsPath) {

        public static final String DEFAULT_METRICS_PATH = "/metrics";
    }

    /**
     * The container's security context (docs/golden-paths.md): run as a non-root user, a read-only root
     * filesystem, Linux capabilities dropped ({@code ["ALL"]}). Absent fields are left to the cluster.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecurityContext(Boolean runAsNonRoot, Boolean readOnlyRootFilesystem, List<String> dropCapabilities) {}

    /**
     * A PodDisruptionBudget (policy/v1) over the service's pods: exactly one of {@code minAvailable} and
     * {@code maxUnavailable}, a number of pods.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PodDisruptionBudget(Integer minAvailable, Integer maxUnavailable) {}

    public ServiceSpec withSecrets(List<String> newSecrets) {
        return new ServiceSpec(image, replicas, command, args, ports, resources, config, newSecrets, ingress,
                autoscaling, probes, overrides, configFiles, monitoring, securityContext, podDisruptionBudget);
    }

    ServiceSpec withContainer(String newImage, Integer newReplicas, List<String> newCommand, List<String> newArgs) {
        return new ServiceSpec(newImage, newReplicas, newCommand, newArgs, ports, resources, config, secrets, ingress,
                autoscaling, probes, overrides, configFiles, monitoring, securityContext, podDisruptionBudget);
    }

    ServiceSpec withPorts(List<Port> newPorts) {
        return new ServiceSpec(image, replicas, command, args, newPorts, resources, config, secrets, ingress,
                autoscaling, probes, overrides, configFiles, monitoring, securityContext, podDisruptionBudget);
    }

    ServiceSpec withResources(Resources newResources) {
        return new ServiceSpec(image, replicas, command, args, ports, newResources, config, secrets, ingress,
                autoscaling, probes, overrides, configFiles, monitoring, securityContext, podDisruptionBudget);
    }

    ServiceSpec withConfig(Map<String, String> newConfig) {
        return new ServiceSpec(image, replicas, command, args, ports, resources, newConfig, secrets, ingress,
                autoscaling, probes, overrides, configFiles, monitoring, securityContext, podDisruptionBudget);
    }

    ServiceSpec withIngress(Ingress newIngress) {
        return new ServiceSpec(image, replicas, command, args, ports, resources, config, secrets, newIngress,
                autoscaling, probes, overrides, configFiles, monitoring, securityContext, podDisruptionBudget);
    }

    ServiceSpec withAutoscaling(Autoscaling newAutoscaling) {
        return new ServiceSpec(image, replicas, command, args, ports, resources, config, secrets, ingress,
                newAutoscaling, probes, overrides, configFiles, monitoring, securityContext, podDisruptionBudget);
    }

    ServiceSpec withProbes(Probes newProbes) {
        return new ServiceSpec(image, replicas, command, args, ports, resources, config, secrets, ingress,
                autoscaling, newProbes, overrides, configFiles, monitoring, securityContext, podDisruptionBudget);
    }

    ServiceSpec withConfigFiles(List<ConfigFile> newConfigFiles) {
        return new ServiceSpec(image, replicas, command, args, ports, resources, config, secrets, ingress,
                autoscaling, probes, overrides, newConfigFiles, monitoring, securityContext, podDisruptionBudget);
    }

    ServiceSpec withOverrides(Map<String, Map<String, Object>> newOverrides) {
        return new ServiceSpec(image, replicas, command, args, ports, resources, config, secrets, ingress,
                autoscaling, probes, newOverrides, configFiles, monitoring, securityContext, podDisruptionBudget);
    }

    ServiceSpec withMonitoring(Monitoring newMonitoring) {
        return new ServiceSpec(image, replicas, command, args, ports, resources, config, secrets, ingress,
                autoscaling, probes, overrides, configFiles, newMonitoring, securityContext, podDisruptionBudget);
    }

    ServiceSpec withSecurityContext(SecurityContext newSecurityContext) {
        return new ServiceSpec(image, replicas, command, args, ports, resources, config, secrets, ingress,
                autoscaling, probes, overrides, configFiles, monitoring, newSecurityContext, podDisruptionBudget);
    }

    ServiceSpec withPodDisruptionBudget(PodDisruptionBudget newBudget) {
        return new ServiceSpec(image, replicas, command, args, ports, resources, config, secrets, ingress,
                autoscaling, probes, overrides, configFiles, monitoring, securityContext, newBudget);
    }

    private static <T> List<T> copyOf(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
