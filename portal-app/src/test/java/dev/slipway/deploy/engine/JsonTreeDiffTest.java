package dev.slipway.deploy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class JsonTreeDiffTest {

    @Test
    void changedLeavesAreListedByPath() {
        var changes = JsonTreeDiff.between(json("{\"spec\":{\"replicas\":2,\"image\":\"a:1\"}}"),
                json("{\"spec\":{\"replicas\":3,\"image\":\"a:1\"}}"));

        assertThat(changes).extracting(JsonTreeDiff.FieldChange::describe).containsExactly("~ spec.replicas: 2 -> 3");
    }

    @Test
    void aNewObjectReadsFieldByField() {
        var changes = JsonTreeDiff.between(new JsonObject(),
                json("{\"kind\":\"ConfigMap\",\"data\":{\"A\":\"1\"},\"list\":[{\"x\":1}]}"));

        assertThat(changes).extracting(JsonTreeDiff.FieldChange::describe)
                .containsExactly("+ data.A: \"1\"", "+ kind: \"ConfigMap\"", "+ list[0].x: 1");
    }

    @Test
    void removedAndQuotedKeysAreShown() {
        var changes = JsonTreeDiff.between(json("{\"metadata\":{\"labels\":{\"app.kubernetes.io/name\":\"a\"}}}"),
                json("{\"metadata\":{}}"));

        assertThat(changes).extracting(JsonTreeDiff.FieldChange::describe)
                .containsExactly("- metadata.labels.\"app.kubernetes.io/name\": \"a\"");
    }

    @Test
    void secretValuesAreMaskedInAPlan() {
        var changes = ClusterPlanner.maskedChanges(
                json("{\"kind\":\"Secret\",\"data\":{\"A\":\"b2xk\"}}"),
                json("{\"kind\":\"Secret\",\"data\":{\"A\":\"bmV3\",\"B\":\"eA==\"}}"));

        assertThat(changes).extracting(JsonTreeDiff.FieldChange::describe)
                .containsExactly("~ data.A: \"<hidden>\" -> \"<hidden, changed>\"", "+ data.B: \"<hidden>\"");
        assertThat(changes.toString()).doesNotContain("b2xk", "bmV3", "eA==");
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
