package dev.slipway.deploy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slipway.deploy.render.ResourceKind;
import dev.slipway.testsupport.KubeNamespace;
import dev.slipway.testsupport.KubeTest;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.options.PatchOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints of objects that a real kube-apiserver applied for Slipway, then others edited. The
 * server answers synchronously and runs no controllers, so nothing here waits.
 */
@KubeTest
class OwnedFieldsApiServerTest {

    private static final String SLIPWAY = ServerSideApplier.FIELD_MANAGER;
    private static final String LABELS = """
            "labels":{"app.kubernetes.io/name":"web","app.kubernetes.io/managed-by":"slipway",\
            "slipway.dev/team":"payments"}""";

    @Test
    void theApplyAnswerAndALaterReadHaveTheSameFingerprint(KubeNamespace ns) throws Exception {
        var applier = new ServerSideApplier(ns.client());
        for (JsonObject desired : all(ns.name())) {
            JsonObject applied = applier.apply(desired, false);
            JsonObject read = get(ns, kindOf(desired), name(desired));

            assertThat(OwnedFields.fingerprint(read, SLIPWAY)).as(kindOf(desired).kind())
                    .isEqualTo(OwnedFields.fingerprint(applied, SLIPWAY));
            assertThat(OwnedFields.project(read, SLIPWAY).has("metadata")).as(kindOf(desired).kind()).isTrue();
        }
    }

    @Test
    void applyingTheSameObjectAgainKeepsTheFingerprint(KubeNamespace ns) throws Exception {
        var applier = new ServerSideApplier(ns.client());
        for (JsonObject desired : all(ns.name())) {
            String first = OwnedFields.fingerprint(applier.apply(desired.deepCopy(), false), SLIPWAY);

            assertThat(OwnedFields.fingerprint(applier.apply(desired.deepCopy(), false), SLIPWAY))
                    .as(kindOf(desired).kind()).isEqualTo(first);
        }
    }

    @Test
    void anImageChangedByAnotherManagerChangesTheFingerprint(KubeNamespace ns) throws Exception {
        String applied = applyAndFingerprint(ns, deployment(ns.name()));

        edit(ns, ResourceKind.DEPLOYMENT, "web", """
                {"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}""");

        assertThat(OwnedFields.fingerprint(get(ns, ResourceKind.DEPLOYMENT, "web"), SLIPWAY)).isNotEqualTo(applied);
    }

    @Test
    void aLabelRemovedByAnotherManagerChangesTheFingerprint(KubeNamespace ns) throws Exception {
        for (JsonObject desired : all(ns.name())) {
            String applied = applyAndFingerprint(ns, desired);

            edit(ns, kindOf(desired), name(desired), "{\"metadata\":{\"labels\":{\"slipway.dev/team\":null}}}");

            assertThat(OwnedFields.fingerprint(get(ns, kindOf(desired), name(desired)), SLIPWAY))
                    .as(kindOf(desired).kind()).isNotEqualTo(applied);
        }
    }

    @Test
    void aSecretValueChangedByAnotherManagerChangesTheFingerprint(KubeNamespace ns) throws Exception {
        String applied = applyAndFingerprint(ns, secret(ns.name()));

        edit(ns, ResourceKind.SECRET, "web-secrets", "{\"data\":{\"API_KEY\":\"b3RoZXI=\"}}");

        assertThat(OwnedFields.fingerprint(get(ns, ResourceKind.SECRET, "web-secrets"), SLIPWAY)).isNotEqualTo(applied);
    }

    @Test
    void anAnnotationAndReplicasSetByOthersAreNoDrift(KubeNamespace ns) throws Exception {
        String applied = applyAndFingerprint(ns, deployment(ns.name()));

        edit(ns, ResourceKind.DEPLOYMENT, "web", "{\"metadata\":{\"annotations\":{\"owner.example/contact\":\"ops\"}}}");
        edit(ns, ResourceKind.DEPLOYMENT, "web", "{\"spec\":{\"replicas\":4}}", "horizontal-pod-autoscaler");

        JsonObject live = get(ns, ResourceKind.DEPLOYMENT, "web");
        assertThat(live.getAsJsonObject("spec").get("replicas").getAsInt()).isEqualTo(4);
        assertThat(OwnedFields.fingerprint(live, SLIPWAY)).isEqualTo(applied);
    }

    @Test
    void configAddedByAnotherManagerBesideSlipwaysIsNoDrift(KubeNamespace ns) throws Exception {
        String applied = applyAndFingerprint(ns, configMap(ns.name()));

        edit(ns, ResourceKind.CONFIG_MAP, "web-config", "{\"data\":{\"EXTRA\":\"1\"}}");

        assertThat(OwnedFields.fingerprint(get(ns, ResourceKind.CONFIG_MAP, "web-config"), SLIPWAY)).isEqualTo(applied);
    }

    private static String applyAndFingerprint(KubeNamespace ns, JsonObject desired) throws Exception {
        return OwnedFields.fingerprint(new ServerSideApplier(ns.client()).apply(desired, false), SLIPWAY);
    }

    private static JsonObject get(KubeNamespace ns, ResourceKind kind, String name) {
        var response = api(ns, kind).get(ns.name(), name);
        assertThat(response.isSuccess()).as("get %s %s: %s", kind.kind(), name, response.getStatus()).isTrue();
        return response.getObject().getRaw();
    }

    /** A person's {@code kubectl edit}: a merge patch under another field manager. */
    private static void edit(KubeNamespace ns, ResourceKind kind, String name, String mergePatch) {
        edit(ns, kind, name, mergePatch, "kubectl-edit");
    }

    private static void edit(KubeNamespace ns, ResourceKind kind, String name, String mergePatch, String manager) {
        var options = new PatchOptions();
        options.setFieldManager(manager);
        var response = api(ns, kind).patch(ns.name(), name, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                new V1Patch(mergePatch), options);
        assertThat(response.isSuccess()).as("edit of %s %s: %s", kind.kind(), name, response.getStatus()).isTrue();
    }

    private static DynamicKubernetesApi api(KubeNamespace ns, ResourceKind kind) {
        return new DynamicKubernetesApi(kind.group(), kind.version(), kind.plural(), ns.client());
    }

    private static List<JsonObject> all(String namespace) {
        return List.of(configMap(namespace), secret(namespace), deployment(namespace), service(namespace));
    }

    /** Without {@code spec.replicas}, as Slipway renders a Deployment that an autoscaler scales. */
    private static JsonObject deployment(String namespace) {
        return json("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"%s",%s},
                 "spec":{"selector":{"matchLabels":{"app.kubernetes.io/name":"web"}},
                  "template":{"metadata":{%s},"spec":{"containers":[{"name":"web","image":"nginx:1.27",
                   "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],
                   "env":[{"name":"MODE","value":"live"}],
                   "envFrom":[{"configMapRef":{"name":"web-config"}},{"secretRef":{"name":"web-secrets"}}],
                   "resources":{"limits":{"cpu":"500m","memory":"256Mi"}}}]}}}}""", namespace, LABELS, LABELS);
    }

    private static JsonObject service(String namespace) {
        return json("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"%s",%s},
                 "spec":{"selector":{"app.kubernetes.io/name":"web"},
                  "ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"}]}}""", namespace, LABELS);
    }

    private static JsonObject configMap(String namespace) {
        return json("""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web-config","namespace":"%s",%s},
                 "data":{"LOG_LEVEL":"info","REGION":"eu-1"}}""", namespace, LABELS);
    }

    private static JsonObject secret(String namespace) {
        return json("""
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"web-secrets","namespace":"%s",%s},
                 "type":"Opaque","data":{"API_KEY":"czNjcjN0"}}""", namespace, LABELS);
    }

    private static JsonObject json(String template, Object... args) {
        return JsonParser.parseString(template.formatted(args)).getAsJsonObject();
    }

    private static ResourceKind kindOf(JsonObject object) {
        return ResourceKind.ofKind(object.get("kind").getAsString()).orElseThrow();
    }

    private static String name(JsonObject object) {
        return object.getAsJsonObject("metadata").get("name").getAsString();
    }
}
