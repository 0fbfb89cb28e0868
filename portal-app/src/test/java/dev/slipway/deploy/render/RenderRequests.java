package dev.slipway.deploy.render;

import dev.slipway.catalog.ServiceSpec;
import dev.slipway.catalog.ServiceSpec.Autoscaling;
import dev.slipway.catalog.ServiceSpec.ConfigFile;
import dev.slipway.catalog.ServiceSpec.Ingress;
import dev.slipway.catalog.ServiceSpec.Port;
import dev.slipway.catalog.ServiceSpec.Probes;
import dev.slipway.catalog.ServiceSpec.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Render requests for tests: {@code aRequest().full().with...()}, one fresh builder per test. */
final class RenderRequests {

    private String service = "api";
    private String namespace = "payments-prod";
    private int revision = 7;
    private String image = "registry.example.com/payments/api:1.4.2";
    private Integer replicas;
    private List<String> command = List.of();
    private List<String> args = List.of();
    private List<Port> ports = List.of();
    private Resources resources;
    private Map<String, String> config = Map.of();
    private List<ConfigFile> files = List.of();
    private Map<String, String> secretValues = new LinkedHashMap<>();
    private Map<String, Integer> secretVersions = new LinkedHashMap<>();
    private Ingress ingress;
    private Autoscaling autoscaling;
    private Probes probes;
    private ServiceSpec.SecurityContext securityContext;
    private ServiceSpec.PodDisruptionBudget podDisruptionBudget;

    private RenderRequests() {}

    /** Service {@code api} (unless changed) of team {@code payments} in {@code prod}, with only an image. */
    static RenderRequests aRequest() {
        return new RenderRequests();
    }

    /** Every field of the spec set: renders every kind Slipway manages. */
    RenderRequests full() {
        return replicas(2)
                .command("java")
                .args("-jar", "/app.jar")
                .ports(new Port("http", 8080, 80), new Port("metrics", 9090, null))
                .resources(new Resources("250m", "1", "256Mi", "512Mi"))
                .config(Map.of("LOG_LEVEL", "info", "FEATURE_X", "true"))
                .secret("DB_PASSWORD", "s3cret-pa55", 3)
                .ingress(new Ingress("payments.example.com", "/", true))
                .autoscaling(new Autoscaling(2, 10, 70))
                .probes(new Probes("/ready", "/live", "http"))
                .securityContext(new ServiceSpec.SecurityContext(true, true, List.of("ALL")))
                .podDisruptionBudget(new ServiceSpec.PodDisruptionBudget(1, null));
    }

    RenderRequests securityContext(ServiceSpec.SecurityContext value) {
        securityContext = value;
        return this;
    }

    RenderRequests podDisruptionBudget(ServiceSpec.PodDisruptionBudget value) {
        podDisruptionBudget = value;
        return this;
    }

    RenderRequests service(String value) {
        service = value;
        return this;
    }

    RenderRequests namespace(String value) {
        namespace = value;
        return this;
    }

    RenderRequests revision(int value) {
        revision = value;
        return this;
    }

    RenderRequests image(String value) {
        image = value;
        return this;
    }

    RenderRequests replicas(Integer value) {
        replicas = value;
        return this;
    }

    RenderRequests command(String... values) {
        command = List.of(values);
        return this;
    }

    RenderRequests args(String... values) {
        args = List.of(values);
        return this;
    }

    RenderRequests ports(Port... values) {
        ports = List.of(values);
        return this;
    }

    RenderRequests resources(Resources value) {
        resources = value;
        return this;
    }

    RenderRequests config(Map<String, String> value) {
        config = value;
        return this;
    }

    RenderRequests files(ConfigFile... values) {
        files = List.of(values);
        return this;
    }

    RenderRequests secret(String key, String value, int version) {
        secretValues.put(key, value);
        secretVersions.put(key, version);
        return this;
    }

    RenderRequests ingress(Ingress value) {
        ingress = value;
        return this;
    }

    RenderRequests autoscaling(Autoscaling value) {
        autoscaling = value;
        return this;
    }

    RenderRequests probes(Probes value) {
        probes = value;
        return this;
    }

    RenderRequest build() {
        ServiceSpec spec = new ServiceSpec(image, replicas, command, args, ports, resources, config,
                List.copyOf(secretValues.keySet()), ingress, autoscaling, probes, null, files, null, securityContext,
                podDisruptionBudget);
        return new RenderRequest(service, "payments", "prod", namespace, revision, spec, secretValues, secretVersions);
    }

    List<Manifest> render() {
        return ManifestRenderer.render(build());
    }
}
