package dev.slipway.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The spec of a service, one immutable JSON document per revision (DESIGN.md, "The spec"). Forms
 * and the API both produce it; {@link SpecValidator} checks it. {@code overrides} maps an
 * environment name to a partial spec merged over this one with JSON Merge Patch (RFC 7396).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
        Map<String, Map<String, Object>> overrides) {

    public ServiceSpec {
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        ports = ports == null ? List.of() : List.copyOf(ports);
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(config));
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        overrides = overrides == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(overrides));
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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ingress(String host, String path, Boolean tls) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Autoscaling(Integer minReplicas, Integer maxReplicas, Integer cpuUtilization) {}

    /** HTTP probes; {@code port} names a declared port or gives a number. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Probes(String readinessPath, String livenessPath, String port) {}

    public ServiceSpec withSecrets(List<String> newSecrets) {
        return new ServiceSpec(image, replicas, command, args, ports, resources, config, newSecrets, ingress,
                autoscaling, probes, overrides);
    }
}
