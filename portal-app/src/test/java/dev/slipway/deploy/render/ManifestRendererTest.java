package dev.slipway.deploy.render;

import static dev.slipway.deploy.render.RenderRequests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonArray;
import dev.slipway.catalog.ServiceSpec.Autoscaling;
import dev.slipway.catalog.ServiceSpec.ConfigFile;
import dev.slipway.catalog.ServiceSpec.Ingress;
import dev.slipway.catalog.ServiceSpec.Port;
import dev.slipway.catalog.ServiceSpec.Probes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestRendererTest {

    @Test
    void fullSpecRendersEveryKindInApplyOrder() {
        List<Manifest> manifests = aRequest().full().render();

        assertThat(manifests).extracting(Manifest::kind).containsExactly(ResourceKind.values());
        assertThat(yaml(manifests)).isEqualTo(fixture("full.yaml"));
    }

    @Test
    void minimalSpecRendersOnlyTheNamespaceAndTheDeployment() {
        List<Manifest> manifests = aRequest().render();

        assertThat(manifests).extracting(Manifest::key)
                .containsExactly("Namespace/payments-prod", "Deployment/payments-prod/api");
        assertThat(yaml(manifests)).isEqualTo(fixture("minimal.yaml"));
    }

    @Test
    void withAutoscalingTheDeploymentLeavesReplicasToTheAutoscaler() {
        List<Manifest> scaled = aRequest().full().render();
        List<Manifest> fixed = aRequest().full().autoscaling(null).render();

        assertThat(spec(scaled, ResourceKind.DEPLOYMENT).has("replicas")).isFalse();
        assertThat(find(scaled, ResourceKind.HORIZONTAL_POD_AUTOSCALER)).isPresent();
        assertThat(spec(fixed, ResourceKind.DEPLOYMENT).get("replicas").getAsInt()).isEqualTo(2);
        assertThat(find(fixed, ResourceKind.HORIZONTAL_POD_AUTOSCALER)).isEmpty();
    }

    @Test
    void withoutPortsThereIsNoServiceNorIngress() {
        List<Manifest> manifests = aRequest().full().ports().ingress(null)
                .probes(new Probes("/ready", null, "8080")).render();

        assertThat(manifests).extracting(Manifest::kind).doesNotContain(ResourceKind.SERVICE, ResourceKind.INGRESS);
        JsonObject container = container(manifests);
        assertThat(container.has("ports")).isFalse();
        assertThat(container.getAsJsonObject("readinessProbe").getAsJsonObject("httpGet").get("port"))
                .as("a numeric probe port is sent as a number")
                .matches(port -> port.getAsJsonPrimitive().isNumber() && port.getAsInt() == 8080);
        assertThat(container.has("livenessProbe")).isFalse();
    }

    @Test
    void portsWithoutAServicePortGetNoService() {
        List<Manifest> manifests = aRequest().ports(new Port("http", 8080, null)).render();

        assertThat(manifests).extracting(Manifest::kind).doesNotContain(ResourceKind.SERVICE);
        assertThat(container(manifests).getAsJsonArray("ports")).hasSize(1);
    }

    @Test
    void anIngressWithNoServicePortToSendTrafficToIsRefused() {
        var request = aRequest().ports(new Port("http", 8080, null)).ingress(new Ingress("a.example.com", null, false));

        assertThatThrownBy(request::render)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("servicePort");
    }

    @Test
    void nothingEmptyIsRenderedBecauseApplyClaimsEveryFieldSent() {
        List<Manifest> manifests = new ArrayList<>(aRequest().full().render());
        manifests.addAll(aRequest().render());

        for (Manifest manifest : manifests) {
            assertThat(emptiesIn(manifest.body(), "")).as(manifest.key()).isEmpty();
            assertThat(ApplyBody.of(manifest.body())).as(manifest.key()).isEqualTo(manifest.body());
        }
    }

    @Test
    void theNamespaceIsTheSameForEveryServiceOfTheTeamSoTheyDoNotFlipItsLabels() {
        Manifest api = aRequest().full().render().get(0);
        Manifest worker = aRequest().service("worker").revision(1).render().get(0);

        assertThat(worker.body()).isEqualTo(api.body());
    }

    @Test
    void maskedShowsNoSecretValue() {
        List<Manifest> manifests = aRequest().full().render();
        String encoded = Base64.getEncoder().encodeToString("s3cret-pa55".getBytes(StandardCharsets.UTF_8));
        assertThat(yaml(manifests)).as("the real manifests carry the value to apply").contains(encoded);

        List<Manifest> masked = manifests.stream().map(Manifest::masked).toList();

        assertThat(yaml(masked)).doesNotContain(encoded).doesNotContain("s3cret-pa55");
        assertThat(find(masked, ResourceKind.SECRET).orElseThrow().toYaml())
                .contains("DB_PASSWORD: <hidden>");
        assertThat(masked.stream().filter(m -> m.kind() != ResourceKind.SECRET).toList())
                .isEqualTo(manifests.stream().filter(m -> m.kind() != ResourceKind.SECRET).toList());
        assertThat(manifests.toString()).doesNotContain(encoded);
    }

    @Test
    void configChecksumRollsThePodsWhenConfigOrASecretVersionChanges() {
        String checksum = checksum(aRequest().full());

        assertThat(checksum(aRequest().full().config(Map.of("LOG_LEVEL", "debug", "FEATURE_X", "true"))))
                .isNotEqualTo(checksum);
        assertThat(checksum(aRequest().full().secret("DB_PASSWORD", "s3cret-pa55", 4))).isNotEqualTo(checksum);
        assertThat(checksum(aRequest().full().image("registry.example.com/payments/api:1.4.3")))
                .as("an image change rolls the pods by itself").isEqualTo(checksum);
        assertThat(checksum(aRequest().full().secret("DB_PASSWORD", "another-value", 3)))
                .as("the checksum is readable by all, so it never depends on a secret value").isEqualTo(checksum);
    }

    @Test
    void hashCoversEverythingAppliedIncludingSecretValues() {
        String hash = ManifestRenderer.hash(aRequest().full().render());

        assertThat(ManifestRenderer.hash(aRequest().full().render())).isEqualTo(hash);
        assertThat(ManifestRenderer.hash(aRequest().full().secret("DB_PASSWORD", "another-value", 3).render()))
                .isNotEqualTo(hash);
        assertThat(ManifestRenderer.hash(aRequest().full().autoscaling(new Autoscaling(2, 12, 70)).render()))
                .isNotEqualTo(hash);
        assertThat(hash).matches("[0-9a-f]{64}");
    }

    @Test
    void aDeclaredSecretWithoutAValueIsRefusedWithoutShowingAnyValue() {
        RenderRequest complete = aRequest().full().secret("API_KEY", "k3y", 1).build();
        RenderRequest missing = new RenderRequest(complete.service(), complete.team(), complete.environment(),
                complete.namespace(), complete.revision(), complete.spec(), Map.of("DB_PASSWORD", "s3cret-pa55"),
                complete.secretVersions());

        assertThatThrownBy(() -> ManifestRenderer.render(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API_KEY")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-pa55"));
        assertThat(missing.toString()).doesNotContain("s3cret-pa55");
    }

    @Test
    void configFilesAreInTheConfigMapAndMountedReadOnlyAtExactlyTheirPaths() {
        List<Manifest> manifests = aRequest().full()
                .files(new ConfigFile("/etc/checkout/app.yaml", "port: 8080\n"), new ConfigFile("/app/empty", ""))
                .render();

        JsonObject data = find(manifests, ResourceKind.CONFIG_MAP).orElseThrow().body().getAsJsonObject("data");
        assertThat(data.get("file-etc-checkout-app.yaml").getAsString()).isEqualTo("port: 8080\n");
        assertThat(data.get("file-app-empty").getAsString()).isEmpty();
        assertThat(data.get("LOG_LEVEL").getAsString()).isEqualTo("info");
        JsonObject container = container(manifests);
        JsonArray mounts = container.getAsJsonArray("volumeMounts");
        assertThat(mounts).hasSize(2);
        JsonObject mount = mounts.get(0).getAsJsonObject();
        assertThat(mount.get("mountPath").getAsString()).isEqualTo("/etc/checkout/app.yaml");
        assertThat(mount.get("subPath").getAsString()).isEqualTo("file-etc-checkout-app.yaml");
        assertThat(mount.get("readOnly").getAsBoolean()).isTrue();
        JsonObject volume = spec(manifests, ResourceKind.DEPLOYMENT).getAsJsonObject("template").getAsJsonObject("spec")
                .getAsJsonArray("volumes").get(0).getAsJsonObject();
        assertThat(volume.get("name").getAsString()).isEqualTo(mount.get("name").getAsString());
        assertThat(volume.getAsJsonObject("configMap").get("name").getAsString()).isEqualTo("api-config");
        assertThat(volume.getAsJsonObject("configMap").getAsJsonArray("items")).hasSize(2);
        // The files' keys must not become environment variables: config values are referenced one by one.
        assertThat(container.has("envFrom") && container.toString().contains("configMapRef")).isFalse();
        assertThat(container.getAsJsonArray("env").toString()).contains("\"name\":\"LOG_LEVEL\"",
                "\"configMapKeyRef\":{\"name\":\"api-config\",\"key\":\"LOG_LEVEL\"}").doesNotContain("file-");
        assertThat(emptiesIn(manifests.stream().map(Manifest::body).collect(JsonArray::new, JsonArray::add,
                JsonArray::addAll), "")).isEmpty();
    }

    @Test
    void aChangedConfigFileRollsThePodsAndAServiceWithoutFilesKeepsItsChecksum() {
        String without = checksum(aRequest().full());
        String with = checksum(aRequest().full().files(new ConfigFile("/etc/app.yaml", "a: 1\n")));
        String changed = checksum(aRequest().full().files(new ConfigFile("/etc/app.yaml", "a: 2\n")));

        assertThat(with).isNotEqualTo(without);
        assertThat(changed).isNotEqualTo(with);
        assertThat(without).as("the fixture's checksum is unchanged by the files feature")
                .isEqualTo(fixture("full.yaml").replaceAll("(?s).*config-checksum: \"?([0-9a-f]{64}).*", "$1"));
        assertThat(aRequest().files(new ConfigFile("/etc/app.yaml", "a: 1\n")).render())
                .extracting(Manifest::kind).contains(ResourceKind.CONFIG_MAP);
    }

    private static String checksum(RenderRequests request) {
        return spec(request.render(), ResourceKind.DEPLOYMENT).getAsJsonObject("template").getAsJsonObject("metadata")
                .getAsJsonObject("annotations").get(ManifestRenderer.CONFIG_CHECKSUM).getAsString();
    }

    private static JsonObject container(List<Manifest> manifests) {
        return spec(manifests, ResourceKind.DEPLOYMENT).getAsJsonObject("template").getAsJsonObject("spec")
                .getAsJsonArray("containers").get(0).getAsJsonObject();
    }

    private static JsonObject spec(List<Manifest> manifests, ResourceKind kind) {
        return find(manifests, kind).orElseThrow().body().getAsJsonObject("spec");
    }

    private static Optional<Manifest> find(List<Manifest> manifests, ResourceKind kind) {
        return manifests.stream().filter(m -> m.kind() == kind).findFirst();
    }

    private static List<String> emptiesIn(JsonElement element, String path) {
        List<String> empties = new ArrayList<>();
        if (element.isJsonObject()) {
            if (element.getAsJsonObject().isEmpty()) {
                empties.add(path);
            }
            element.getAsJsonObject().entrySet()
                    .forEach(e -> empties.addAll(emptiesIn(e.getValue(), path + "." + e.getKey())));
        } else if (element.isJsonArray()) {
            if (element.getAsJsonArray().isEmpty()) {
                empties.add(path);
            }
            for (int i = 0; i < element.getAsJsonArray().size(); i++) {
                empties.addAll(emptiesIn(element.getAsJsonArray().get(i), path + "[" + i + "]"));
            }
        } else if (element.isJsonNull()) {
            empties.add(path);
        }
        return empties;
    }

    private static String yaml(List<Manifest> manifests) {
        StringBuilder yaml = new StringBuilder();
        manifests.forEach(m -> yaml.append("---\n").append(m.toYaml()));
        return yaml.toString();
    }

    private static String fixture(String name) {
        try (InputStream in = ManifestRendererTest.class.getResourceAsStream("/render/" + name)) {
            assertThat(in).as("fixture render/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
