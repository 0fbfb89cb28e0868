package dev.slipway.deploy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slipway.testsupport.KubeNamespace;
import dev.slipway.testsupport.KubeTest;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves the test API server is a real kube-apiserver and that Slipway drives it the right way with
 * client-java 27: server-side apply with our field manager, nothing claimed that we did not mean.
 */
@KubeTest
class KubernetesApiServerTest {

    @Test
    void serverIsARealKubeApiServer(KubeNamespace ns) throws Exception {
        var version = new VersionApi(ns.client()).getCode().execute();

        assertThat(version.getMajor()).isEqualTo("1");
        assertThat(Integer.parseInt(version.getMinor().replace("+", ""))).isGreaterThanOrEqualTo(35);
        assertThat(new CoreV1Api(ns.client()).readNamespace(ns.name()).execute().getMetadata().getName())
                .isEqualTo(ns.name());
    }

    @Test
    void serverSideApplyOfADeploymentClaimsOnlyTheFieldsSent(KubeNamespace ns) throws Exception {
        JsonObject desired = asJson(deployment(ns.name(), "web", "nginx:1.27"));
        // client-java models start with empty collections; they must not reach the server.
        assertThat(desired.toString()).contains("\"args\":[]");

        JsonObject applied = new ServerSideApplier(ns.client()).apply(desired, false);

        assertThat(applied.getAsJsonObject("metadata").get("uid").getAsString()).isNotBlank();
        V1Deployment live = new AppsV1Api(ns.client()).readNamespacedDeployment("web", ns.name()).execute();
        assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
        JsonObject raw = new io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi("apps", "v1",
                        "deployments", ns.client())
                .get(ns.name(), "web")
                .getObject()
                .getRaw();
        JsonObject slipway = null;
        for (var entry : raw.getAsJsonObject("metadata").getAsJsonArray("managedFields")) {
            if ("slipway".equals(entry.getAsJsonObject().get("manager").getAsString())) {
                slipway = entry.getAsJsonObject();
            }
        }
        assertThat(slipway).as("managedFields entry of field manager 'slipway'").isNotNull();
        assertThat(slipway.get("operation").getAsString()).isEqualTo("Apply");
        String claimed = slipway.getAsJsonObject("fieldsV1").toString();
        assertThat(claimed).contains("f:image").contains("f:replicas");
        assertThat(claimed).doesNotContain("f:args", "f:command", "f:nodeSelector", "f:finalizers", "f:annotations");
    }

    @Test
    void reapplyingWithForceTakesOverAFieldChangedByAnotherManager(KubeNamespace ns) throws Exception {
        var applier = new ServerSideApplier(ns.client());
        applier.apply(asJson(deployment(ns.name(), "web", "nginx:1.27")), false);
        handEdit(ns, "{\"spec\":{\"replicas\":5}}");
        assertThat(new AppsV1Api(ns.client()).readNamespacedDeployment("web", ns.name()).execute().getSpec()
                .getReplicas()).isEqualTo(5);

        applier.apply(asJson(deployment(ns.name(), "web", "nginx:1.27")), false);

        assertThat(new AppsV1Api(ns.client()).readNamespacedDeployment("web", ns.name()).execute().getSpec()
                .getReplicas()).isEqualTo(2);
    }

    @Test
    void dryRunShowsTheResultWithoutStoringIt(KubeNamespace ns) throws Exception {
        var applier = new ServerSideApplier(ns.client());
        applier.apply(asJson(deployment(ns.name(), "web", "nginx:1.27")), false);

        JsonObject preview = applier.apply(asJson(deployment(ns.name(), "web", "nginx:1.28")), true);

        assertThat(preview.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
                .getAsJsonArray("containers").get(0).getAsJsonObject().get("image").getAsString())
                .isEqualTo("nginx:1.28");
        // defaulting happened on the server: a field we never sent is filled in
        assertThat(preview.getAsJsonObject("spec").get("revisionHistoryLimit").getAsInt()).isEqualTo(10);
        assertThat(new AppsV1Api(ns.client()).readNamespacedDeployment("web", ns.name()).execute().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.27");
    }

    @Test
    void anInvalidDeploymentIsRejectedWithTheServersMessage(KubeNamespace ns) {
        V1Deployment invalid = deployment(ns.name(), "web", "nginx:1.27");
        invalid.getSpec().setReplicas(-3);

        assertThatThrownBy(() -> new ServerSideApplier(ns.client()).apply(asJson(invalid), false))
                .isInstanceOf(KubernetesRejection.class)
                .hasMessageContaining("Deployment " + ns.name() + "/web")
                .hasMessageContaining("spec.replicas")
                .hasMessageContaining("must be greater than or equal to 0");
    }

    @Test
    void eachTestGetsItsOwnNamespace(KubeNamespace first, KubeNamespace second) throws Exception {
        assertThat(first.name()).isNotEqualTo(second.name());
        var core = new CoreV1Api(first.client());
        assertThat(core.readNamespace(first.name()).execute().getMetadata().getLabels())
                .containsEntry("slipway.dev/test", "true");
        assertThat(core.readNamespace(second.name()).execute().getStatus().getPhase()).isEqualTo("Active");
    }

    /** A person's `kubectl edit`: a merge patch under another field manager. */
    private static void handEdit(KubeNamespace ns, String mergePatch) throws Exception {
        var options = new io.kubernetes.client.util.generic.options.PatchOptions();
        options.setFieldManager("kubectl-edit");
        var response = new io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi("apps", "v1", "deployments",
                        ns.client())
                .patch(ns.name(), "web", io.kubernetes.client.custom.V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                        new io.kubernetes.client.custom.V1Patch(mergePatch), options);
        assertThat(response.isSuccess()).as("hand edit: %s", response.getStatus()).isTrue();
    }

    private static V1Deployment deployment(String namespace, String name, String image) {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", name);
        return new V1Deployment()
                .apiVersion("apps/v1")
                .kind("Deployment")
                .metadata(new V1ObjectMeta().name(name).namespace(namespace).labels(labels))
                .spec(new V1DeploymentSpec()
                        .replicas(2)
                        .selector(new V1LabelSelector().matchLabels(labels))
                        .template(new V1PodTemplateSpec()
                                .metadata(new V1ObjectMeta().labels(labels))
                                .spec(new V1PodSpec().addContainersItem(new V1Container().name(name).image(image)))));
    }

    private static JsonObject asJson(V1Deployment deployment) {
        return JsonParser.parseString(JSON.getGson().toJson(deployment)).getAsJsonObject();
    }
}
