package dev.slipway.deploy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fixture is a Deployment as kube-apiserver 1.35 returned it: applied by {@code slipway}
 * (server-side apply), then annotated by {@code kubectl-edit}, scaled by a
 * {@code horizontal-pod-autoscaler} manager, given a sidecar (inserted before Slipway's container)
 * by {@code sidecar-injector}, and its status written by {@code slipway} through the status subresource.
 */
class OwnedFieldsTest {

    private static final String SLIPWAY = "slipway";

    @Test
    void projectionHoldsWhatSlipwayAppliedAndNothingOthersOwn() {
        JsonObject projection = OwnedFields.project(fixture(), SLIPWAY);

        assertThat(projection.keySet()).containsExactlyInAnyOrder("metadata", "spec");
        assertThat(projection.getAsJsonObject("metadata").keySet()).containsExactly("labels");
        assertThat(projection.getAsJsonObject("spec").keySet()).containsExactlyInAnyOrder("selector", "template");
        JsonArray containers = podSpec(projection).getAsJsonArray("containers");
        assertThat(containers).hasSize(1);
        JsonObject container = containers.get(0).getAsJsonObject();
        assertThat(container.get("image").getAsString()).isEqualTo("registry.example/checkout:1.4.2");
        // server defaults belong to nobody
        assertThat(container.keySet()).doesNotContain("imagePullPolicy", "terminationMessagePath");
        // an atomic field is owned whole
        assertThat(projection.getAsJsonObject("spec").getAsJsonObject("selector"))
                .isEqualTo(fixture().getAsJsonObject("spec").getAsJsonObject("selector"));
    }

    @Test
    void removingALabelSlipwaySetChangesTheFingerprint() {
        JsonObject live = fixture();
        live.getAsJsonObject("metadata").getAsJsonObject("labels").remove("slipway.dev/team");

        assertThat(OwnedFields.fingerprint(live, SLIPWAY)).isNotEqualTo(OwnedFields.fingerprint(fixture(), SLIPWAY));
    }

    @Test
    void anotherManagersImageEditChangesTheFingerprint() {
        JsonObject live = fixture();
        container(live, "checkout").addProperty("image", "registry.example/checkout:1.4.3-hotfix");
        // The editor takes the field over: Slipway's set shrinks.
        JsonObject slipwayContainer = podSpecFields(entry(live, SLIPWAY, null)).getAsJsonObject("f:containers")
                .getAsJsonObject("k:{\"name\":\"checkout\"}");
        slipwayContainer.remove("f:image");
        live.getAsJsonObject("metadata").getAsJsonArray("managedFields").add(JsonParser.parseString("""
                {"manager":"kubectl-edit","operation":"Update","apiVersion":"apps/v1","fieldsType":"FieldsV1",
                 "fieldsV1":{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"checkout\\"}":
                 {"f:image":{}}}}}}}}"""));

        assertThat(OwnedFields.fingerprint(live, SLIPWAY)).isNotEqualTo(OwnedFields.fingerprint(fixture(), SLIPWAY));
    }

    @Test
    void aChangedValueThatSlipwayStillOwnsChangesTheFingerprint() {
        JsonObject live = fixture();
        container(live, "checkout").addProperty("image", "registry.example/checkout:1.4.3");

        assertThat(OwnedFields.fingerprint(live, SLIPWAY)).isNotEqualTo(OwnedFields.fingerprint(fixture(), SLIPWAY));
    }

    @Test
    void fieldsOnlyOtherManagersOwnAreNoDrift() {
        JsonObject live = fixture();
        live.getAsJsonObject("metadata").getAsJsonObject("annotations").addProperty("owner.example/pager", "#checkout");
        live.getAsJsonObject("spec").addProperty("replicas", 7);
        container(live, "proxy").addProperty("image", "envoy:1.32");
        live.getAsJsonObject("metadata").addProperty("resourceVersion", "9999");
        live.getAsJsonObject("metadata").addProperty("generation", 5);

        assertThat(OwnedFields.fingerprint(live, SLIPWAY)).isEqualTo(OwnedFields.fingerprint(fixture(), SLIPWAY));
    }

    @Test
    void statusWrittenBySlipwayThroughTheSubresourceIsNotPartOfWhatItApplied() {
        JsonObject live = fixture();
        live.getAsJsonObject("status").addProperty("replicas", 1);
        live.getAsJsonObject("status").getAsJsonArray("conditions").get(0).getAsJsonObject()
                .addProperty("status", "True");

        assertThat(OwnedFields.project(fixture(), SLIPWAY).has("status")).isFalse();
        assertThat(OwnedFields.fingerprint(live, SLIPWAY)).isEqualTo(OwnedFields.fingerprint(fixture(), SLIPWAY));
    }

    @Test
    void orderOfMapKeysDoesNotMatter() {
        JsonObject reversed = reverseKeys(fixture()).getAsJsonObject();
        assertThat(reversed.keySet().iterator().next()).isNotEqualTo(fixture().keySet().iterator().next());

        assertThat(OwnedFields.fingerprint(reversed, SLIPWAY)).isEqualTo(OwnedFields.fingerprint(fixture(), SLIPWAY));
    }

    @Test
    void listElementsAreMatchedByKeyNotByPosition() {
        JsonObject live = fixture();
        JsonArray containers = podSpec(live).getAsJsonArray("containers");
        assertThat(containers.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("proxy");
        // the sidecar goes away: Slipway's container moves from index 1 to 0
        containers.remove(0);

        assertThat(OwnedFields.fingerprint(live, SLIPWAY)).isEqualTo(OwnedFields.fingerprint(fixture(), SLIPWAY));

        // a port matched by containerPort+protocol: its name is Slipway's
        JsonObject port = container(live, "checkout").getAsJsonArray("ports").get(1).getAsJsonObject();
        assertThat(port.get("containerPort").getAsInt()).isEqualTo(9090);
        port.addProperty("name", "prom");
        assertThat(OwnedFields.fingerprint(live, SLIPWAY)).isNotEqualTo(OwnedFields.fingerprint(fixture(), SLIPWAY));
    }

    @Test
    void anEnvironmentVariableRemovedFromTheListChangesTheFingerprint() {
        JsonObject live = fixture();
        container(live, "checkout").getAsJsonArray("env").remove(0);

        assertThat(OwnedFields.fingerprint(live, SLIPWAY)).isNotEqualTo(OwnedFields.fingerprint(fixture(), SLIPWAY));
    }

    @Test
    void anObjectWithoutSlipwaysEntryHasTheFingerprintOfAnEmptyProjection() {
        JsonObject foreign = fixture();
        JsonArray others = new JsonArray();
        foreign.getAsJsonObject("metadata").getAsJsonArray("managedFields").forEach(e -> {
            if (!SLIPWAY.equals(e.getAsJsonObject().get("manager").getAsString())) {
                others.add(e);
            }
        });
        foreign.getAsJsonObject("metadata").add("managedFields", others);
        JsonObject bare = fixture();
        bare.getAsJsonObject("metadata").remove("managedFields");

        assertThat(OwnedFields.project(foreign, SLIPWAY)).isEqualTo(new JsonObject());
        assertThat(OwnedFields.fingerprint(foreign, SLIPWAY)).isEqualTo(OwnedFields.fingerprint(bare, SLIPWAY))
                .isNotEqualTo(OwnedFields.fingerprint(fixture(), SLIPWAY));
        assertThat(OwnedFields.fingerprint(fixture(), "nobody")).isEqualTo(OwnedFields.fingerprint(bare, SLIPWAY));
    }

    @Test
    void kindNamespaceAndNameAreFingerprintedToo() {
        JsonObject renamed = fixture();
        renamed.getAsJsonObject("metadata").addProperty("name", "checkout-2");

        assertThat(OwnedFields.project(renamed, SLIPWAY)).isEqualTo(OwnedFields.project(fixture(), SLIPWAY));
        assertThat(OwnedFields.fingerprint(renamed, SLIPWAY)).isNotEqualTo(OwnedFields.fingerprint(fixture(), SLIPWAY));
        assertThat(OwnedFields.fingerprint(fixture(), SLIPWAY)).matches("[0-9a-f]{64}");
    }

    @Test
    void entriesOfTheSameManagerWithoutSubresourceAreUnited() {
        JsonObject object = JsonParser.parseString("""
                {"kind":"ConfigMap","metadata":{"name":"c","namespace":"n","labels":{"a":"1","b":"2"},
                 "managedFields":[
                  {"manager":"slipway","operation":"Apply","fieldsType":"FieldsV1",
                   "fieldsV1":{"f:metadata":{"f:labels":{"f:a":{}}}}},
                  {"manager":"slipway","operation":"Update","fieldsType":"FieldsV1",
                   "fieldsV1":{"f:metadata":{"f:labels":{"f:b":{}}},"f:data":{"f:x":{}}}}]},
                 "data":{"x":"1","y":"2"}}""").getAsJsonObject();

        assertThat(OwnedFields.project(object, SLIPWAY)).isEqualTo(JsonParser.parseString(
                "{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"data\":{\"x\":\"1\"}}"));
    }

    @Test
    void setElementsAndIndexedElementsAreFollowed() {
        JsonObject object = JsonParser.parseString("""
                {"kind":"Thing","metadata":{"name":"t","finalizers":["example.com/a","example.com/b"],
                 "managedFields":[{"manager":"slipway","operation":"Apply","fieldsType":"FieldsV1",
                   "fieldsV1":{"f:metadata":{"f:finalizers":{"v:\\"example.com/b\\"":{},"v:\\"example.com/gone\\"":{}}},
                    "f:spec":{"f:steps":{"i:1":{"f:run":{}},"i:5":{"f:run":{}}}}}}]},
                 "spec":{"steps":[{"run":"make","by":"ci"},{"run":"test","by":"ci"}]}}""").getAsJsonObject();

        assertThat(OwnedFields.project(object, SLIPWAY)).isEqualTo(JsonParser.parseString(
                "{\"metadata\":{\"finalizers\":[\"example.com/b\"]},\"spec\":{\"steps\":[{\"run\":\"test\"}]}}"));
    }

    static JsonObject fixture() {
        try (InputStream in = OwnedFieldsTest.class.getResourceAsStream("/live/deployment.json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject podSpec(JsonObject deployment) {
        return deployment.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec");
    }

    private static JsonObject podSpecFields(JsonObject entry) {
        return entry.getAsJsonObject("fieldsV1").getAsJsonObject("f:spec").getAsJsonObject("f:template")
                .getAsJsonObject("f:spec");
    }

    private static JsonObject container(JsonObject deployment, String name) {
        for (JsonElement c : podSpec(deployment).getAsJsonArray("containers")) {
            if (name.equals(c.getAsJsonObject().get("name").getAsString())) {
                return c.getAsJsonObject();
            }
        }
        throw new AssertionError("no container " + name);
    }

    private static JsonObject entry(JsonObject object, String manager, String subresource) {
        for (JsonElement e : object.getAsJsonObject("metadata").getAsJsonArray("managedFields")) {
            JsonObject entry = e.getAsJsonObject();
            JsonElement sub = entry.get("subresource");
            if (manager.equals(entry.get("manager").getAsString())
                    && (subresource == null ? sub == null : sub != null && subresource.equals(sub.getAsString()))) {
                return entry;
            }
        }
        throw new AssertionError("no entry for " + manager);
    }

    private static JsonElement reverseKeys(JsonElement element) {
        if (element.isJsonObject()) {
            List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(element.getAsJsonObject().entrySet());
            JsonObject reversed = new JsonObject();
            for (int i = entries.size() - 1; i >= 0; i--) {
                reversed.add(entries.get(i).getKey(), reverseKeys(entries.get(i).getValue()));
            }
            return reversed;
        }
        if (element.isJsonArray()) {
            JsonArray copy = new JsonArray();
            element.getAsJsonArray().forEach(e -> copy.add(reverseKeys(e)));
            return copy;
        }
        return element;
    }
}
