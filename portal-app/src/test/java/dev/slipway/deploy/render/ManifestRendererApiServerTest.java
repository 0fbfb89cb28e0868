package dev.slipway.deploy.render;

import static dev.slipway.deploy.render.RenderRequests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.slipway.catalog.ServiceSpec.ConfigFile;
import dev.slipway.deploy.engine.ServerSideApplier;
import dev.slipway.testsupport.KubeNamespace;
import dev.slipway.testsupport.KubeTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the renderer produces is accepted by a real kube-apiserver, and re-applying it changes nothing. */
@KubeTest
class ManifestRendererApiServerTest {

    @Test
    void everyRenderedObjectOfAFullSpecIsAcceptedByTheApiServer(KubeNamespace ns) throws Exception {
        List<Manifest> manifests = aRequest().full().namespace(ns.name()).render();
        var applier = new ServerSideApplier(ns.client());

        Map<String, JsonObject> applied = new LinkedHashMap<>();
        for (Manifest manifest : manifests) {
            // The test support created the namespace; applying it would take over its labels.
            if (manifest.kind() != ResourceKind.NAMESPACE) {
                applied.put(manifest.key(), applier.apply(manifest.body(), false));
            }
        }
        assertThat(applied).hasSize(manifests.size() - 1);

        for (Manifest manifest : manifests) {
            JsonObject preview = applier.apply(manifest.body(), true);
            if (applied.containsKey(manifest.key())) {
                assertThat(generation(preview))
                        .as("re-applying %s as rendered changes nothing", manifest.key())
                        .isEqualTo(generation(applied.get(manifest.key())));
            }
        }
        JsonObject deployment = applied.get("Deployment/" + ns.name() + "/api");
        assertThat(deployment.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("metadata")
                .getAsJsonObject("annotations").has(ManifestRenderer.CONFIG_CHECKSUM)).isTrue();
        assertThat(slipwayFields(deployment)).as("replicas are left to the autoscaler").doesNotContain("f:replicas");
    }

    @Test
    void aSpecWithConfigFilesIsAcceptedAndReappliesUnchanged(KubeNamespace ns) throws Exception {
        List<Manifest> manifests = aRequest().full().namespace(ns.name())
                .files(new ConfigFile("/etc/checkout/app.yaml", "port: 8080\n"), new ConfigFile("/srv/.env", "A=1\n"))
                .render();
        var applier = new ServerSideApplier(ns.client());

        Map<String, JsonObject> applied = new LinkedHashMap<>();
        for (Manifest manifest : manifests) {
            if (manifest.kind() != ResourceKind.NAMESPACE) {
                applied.put(manifest.key(), applier.apply(manifest.body(), false));
            }
        }
        JsonObject deployment = applied.get("Deployment/" + ns.name() + "/api");
        assertThat(applier.apply(manifests.stream().filter(m -> m.kind() == ResourceKind.DEPLOYMENT).findFirst()
                .orElseThrow().body(), true).getAsJsonObject("metadata").get("generation").getAsLong())
                .isEqualTo(generation(deployment));
        assertThat(deployment.toString()).contains("\"mountPath\":\"/etc/checkout/app.yaml\"",
                "\"subPath\":\"file-srv-.env\"", "\"readOnly\":true");
    }

    private static long generation(JsonObject object) {
        JsonObject metadata = object.getAsJsonObject("metadata");
        return metadata.has("generation") ? metadata.get("generation").getAsLong() : 0;
    }

    private static String slipwayFields(JsonObject object) {
        for (var entry : object.getAsJsonObject("metadata").getAsJsonArray("managedFields")) {
            JsonObject fields = entry.getAsJsonObject();
            if (ServerSideApplier.FIELD_MANAGER.equals(fields.get("manager").getAsString())) {
                return fields.getAsJsonObject("fieldsV1").toString();
            }
        }
        throw new AssertionError("no managedFields entry of " + ServerSideApplier.FIELD_MANAGER);
    }
}
