package dev.slipway.deploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class ApplyBodyTest {

    @Test
    void emptyListsAndEmptyMapFieldsAreNotSent() {
        JsonObject body = ApplyBody.of(json("""
                {"metadata":{"name":"a","labels":{},"finalizers":[]},
                 "spec":{"template":{"spec":{"nodeSelector":{},"containers":[{"name":"a","args":[],"command":[],
                   "resources":{"limits":{},"requests":{"cpu":"1"}}}]}}}}"""));

        assertThat(body.toString()).isEqualTo("""
                {"metadata":{"name":"a"},"spec":{"template":{"spec":{"containers":[{"name":"a",\
                "resources":{"requests":{"cpu":"1"}}}]}}}}""");
    }

    @Test
    void structuralEmptiesAreKept() {
        JsonObject body = ApplyBody.of(json("""
                {"spec":{"volumes":[{"name":"tmp","emptyDir":{}}]}}"""));

        assertThat(body.toString()).isEqualTo("{\"spec\":{\"volumes\":[{\"name\":\"tmp\",\"emptyDir\":{}}]}}");
    }

    @Test
    void serverOwnedMetadataAndStatusAreNeverSentBack() {
        JsonObject body = ApplyBody.of(json("""
                {"metadata":{"name":"a","uid":"u","resourceVersion":"7","managedFields":[{"manager":"x"}],
                 "creationTimestamp":"2026-01-01T00:00:00Z","generation":3},"status":{"replicas":1}}"""));

        assertThat(body.toString()).isEqualTo("{\"metadata\":{\"name\":\"a\"}}");
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
