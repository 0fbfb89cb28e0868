package dev.slipway.deploy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.clusters.GuardrailPolicy;
import dev.slipway.common.DiffLines;
import dev.slipway.common.FieldProblem;
import dev.slipway.deploy.live.LiveStatusService;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PlanSummaryTest {

    @Test
    void anUpdateOfTheObjectsOwnLabelsOrAnnotationsOnlyIsMetadataOnly() {
        assertThat(update(change("metadata.labels.\"slipway.dev/revision\"", "\"1\"", "\"2\"")).metadataOnly()).isTrue();
        assertThat(update(change("metadata.annotations.note", null, "\"x\""),
                change("metadata.labels", null, "{}")).metadataOnly()).isTrue();
    }

    @Test
    void aChangeToThePodTemplatesAnnotationsIsARealChangeAsItRestartsThePods() {
        assertThat(update(change("spec.template.metadata.annotations.\"slipway.dev/config-checksum\"", "\"a\"", "\"b\""))
                .metadataOnly()).isFalse();
        assertThat(update(change("metadata.labels.\"slipway.dev/revision\"", "\"1\"", "\"2\""),
                change("spec.replicas", "1", "3")).metadataOnly()).isFalse();
        assertThat(update(change("metadata.labelsExtra", "1", "2")).metadataOnly()).isFalse();
    }

    @Test
    void theSummaryCountsMetadataOnlyUpdatesApartFromChanges() {
        List<PlannedObject> objects = List.of(
                object(PlanAction.CREATE), object(PlanAction.CREATE),
                update(change("spec.replicas", "1", "3")),
                update(change("metadata.labels.\"slipway.dev/revision\"", "\"1\"", "\"2\"")),
                object(PlanAction.UNCHANGED), object(PlanAction.UNCHANGED), object(PlanAction.UNCHANGED),
                object(PlanAction.PRUNE));

        PlanSummary summary = PlanSummary.of(objects);

        assertThat(summary).isEqualTo(new PlanSummary(2, 1, 1, 3, 1));
        assertThat(summary.text()).isEqualTo(
                "2 to create, 1 to change, 1 to prune; 3 unchanged, 1 with label or annotation changes only");
        assertThat(PlanSummary.of(List.of()).text()).isEqualTo("0 to create, 0 to change, 0 to prune; 0 unchanged");
    }

    @Test
    void theDiffShowsStringsAsTextAndAConfigFileAsLinesWithSecretValuesStillMasked() {
        PlannedObject configMap = update(change("data.\"app.yaml\"", "\"a: 1\\nb: 2\\n\"", "\"a: 1\\nb: 3\\n\""),
                change("spec.image", "\"api:1\"", "\"api:2\""));
        PlannedObject secret = new PlannedObject("Secret", "ns", "api-secrets", PlanAction.UPDATE,
                ClusterPlanner.maskedChanges(
                        com.google.gson.JsonParser.parseString("{\"kind\":\"Secret\",\"data\":{\"A\":\"b2xk\"}}").getAsJsonObject(),
                        com.google.gson.JsonParser.parseString("{\"kind\":\"Secret\",\"data\":{\"A\":\"bmV3\"}}").getAsJsonObject()));

        assertThat(configMap.fields()).flatExtracting(DiffLines.Field::lines).extracting(l -> l.sign() + l.text())
                .containsExactly(" data.\"app.yaml\": |", "   a: 1", "-  b: 2", "+  b: 3", "-spec.image: api:1",
                        "+spec.image: api:2");
        PlannedObject relabelled = update(change("metadata.labels.\"slipway.dev/revision\"", "\"1\"", "\"2\""),
                change("spec.replicas", "1", "3"));
        assertThat(relabelled.fields()).extracting(DiffLines.Field::path).containsExactly("spec.replicas");
        assertThat(relabelled.metadataFields()).singleElement().satisfies(f -> assertThat(f.lines())
                .extracting(DiffLines.Line::text).containsExactly("metadata.labels.\"slipway.dev/revision\": 1",
                        "metadata.labels.\"slipway.dev/revision\": 2"));
        assertThat(secret.fields().toString()).contains("<hidden, changed>").doesNotContain("b2xk", "bmV3", "old", "new");
    }

    @Test
    void theApiKeepsActionAndDiffAndAddsMetadataOnlyChangesSummaryAndGuardrails() {
        PlannedObject object = update(change("metadata.labels.\"slipway.dev/revision\"", "\"1\"", "\"2\""));
        var guardrails = PlanGuardrails.of(new GuardrailPolicy(2, null, null, List.of(), false, false),
                List.of(new FieldProblem("spec.replicas", "must be at most 2")));
        var plan = new LiveStatusService.Plan("api", 2, "prod", "ns", "secret-hash", List.of(object),
                PlanSummary.of(List.of(object)), guardrails);

        JsonNode json = JsonMapper.builder().build().valueToTree(plan);

        JsonNode first = json.get("objects").get(0);
        assertThat(first.get("action").asString()).isEqualTo("UPDATE");
        assertThat(first.get("diff").asString()).isEqualTo("~ metadata.labels.\"slipway.dev/revision\": \"1\" -> \"2\"");
        assertThat(first.get("metadataOnly").asBoolean()).isTrue();
        assertThat(first.get("changes").get(0).get("path").asString()).isEqualTo("metadata.labels.\"slipway.dev/revision\"");
        assertThat(first.has("fields")).isFalse();
        assertThat(json.get("summary").get("metadataOnly").asInt()).isEqualTo(1);
        assertThat(json.get("summary").get("text").asString()).contains("0 to change");
        assertThat(json.get("guardrails").get("policy").get("maxReplicas").asInt()).isEqualTo(2);
        assertThat(json.get("guardrails").get("rules").get(0).asString()).isEqualTo("At most 2 replicas (maxReplicas)");
        assertThat(json.get("guardrails").get("violations").get(0).get("field").asString()).isEqualTo("spec.replicas");
        assertThat(json.toString()).doesNotContain("secret-hash");
    }

    private static JsonTreeDiff.FieldChange change(String path, String before, String after) {
        return new JsonTreeDiff.FieldChange(path, before, after);
    }

    private static PlannedObject update(JsonTreeDiff.FieldChange... changes) {
        return new PlannedObject("Deployment", "ns", "api", PlanAction.UPDATE, List.of(changes));
    }

    private static PlannedObject object(PlanAction action) {
        return new PlannedObject("Service", "ns", "api-" + action, action, List.of());
    }
}
