package dev.slipway.deploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.catalog.ServiceSpec.Monitoring;
import dev.slipway.catalog.ServiceSpec.Port;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec's {@code monitoring} becomes the Prometheus scrape annotations of the pod template. */
class ScrapeAnnotationsTest {

    private static final List<Port> PORTS = List.of(new Port("http", 8080, 80), new Port("metrics", 9090, null));

    @Test
    void thePodTemplateCarriesScrapePortAndPath() {
        JsonObject annotations = podAnnotations(spec(PORTS, new Monitoring("9100", "/actuator/prometheus")));

        assertThat(annotations.get("prometheus.io/scrape").getAsString()).isEqualTo("true");
        assertThat(annotations.get("prometheus.io/port").getAsString()).isEqualTo("9100");
        assertThat(annotations.get("prometheus.io/path").getAsString()).isEqualTo("/actuator/prometheus");
        assertThat(annotations.has(ManifestRenderer.CONFIG_CHECKSUM)).as("beside the config checksum").isTrue();
    }

    @Test
    void aPortNamedIsAnnotatedByItsNumberAndAbsentValuesTakeTheirDefaults() {
        assertThat(ManifestRenderer.scrapeAnnotations(spec(PORTS, new Monitoring("metrics", null)))).isEqualTo(Map.of(
                "prometheus.io/scrape", "true", "prometheus.io/port", "9090", "prometheus.io/path", "/metrics"));
        assertThat(ManifestRenderer.scrapeAnnotations(spec(PORTS, new Monitoring(null, null))))
                .containsEntry("prometheus.io/port", "8080");
    }

    @Test
    void withoutMonitoringThePodTemplateRendersExactlyAsBefore() {
        ServiceSpec without = spec(PORTS, null);
        assertThat(podAnnotations(without).keySet()).containsExactly(ManifestRenderer.CONFIG_CHECKSUM);
        List<Manifest> withMonitoring = ManifestRenderer.render(request(spec(PORTS, new Monitoring(null, null))));
        assertThat(ManifestRenderer.hash(withMonitoring)).as("turning it on changes what is approved")
                .isNotEqualTo(ManifestRenderer.hash(ManifestRenderer.render(request(without))));
    }

    private static JsonObject podAnnotations(ServiceSpec spec) {
        Manifest deployment = ManifestRenderer.render(request(spec)).stream()
                .filter(m -> m.kind() == ResourceKind.DEPLOYMENT).findFirst().orElseThrow();
        return deployment.body().getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("metadata")
                .getAsJsonObject("annotations");
    }

    private static ServiceSpec spec(List<Port> ports, Monitoring monitoring) {
        return new ServiceSpec("registry.example.com/payments/api:1.4.2", 2, null, null, ports, null, null, null, null,
                null, null, null, null, monitoring);
    }

    private static RenderRequest request(ServiceSpec spec) {
        return new RenderRequest("api", "payments", "prod", "payments-prod", 7, spec, Map.of(), Map.of());
    }
}
