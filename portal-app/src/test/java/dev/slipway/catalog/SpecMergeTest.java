package dev.slipway.catalog;

import static dev.slipway.catalog.Specs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SpecMergeTest {

    @Test
    void theOverrideOfTheEnvironmentIsMergedOverTheBase() {
        ServiceSpec prod = SpecMerge.forEnvironment(aSpec(), "prod");

        assertThat(prod.autoscaling()).isEqualTo(new ServiceSpec.Autoscaling(4, 10, 70));
        assertThat(prod.config()).containsExactly(Map.entry("LOG_LEVEL", "warn"));
        assertThat(prod.ingress()).isEqualTo(new ServiceSpec.Ingress("payments.acme.io", "/", true));
        assertThat(prod.image()).isEqualTo(aSpec().image());
        assertThat(prod.resources()).isEqualTo(aSpec().resources());
        assertThat(prod.overrides()).isEmpty();
    }

    @Test
    void anEnvironmentWithoutOverrideGetsTheBase() {
        ServiceSpec dev = SpecMerge.forEnvironment(aSpec(), "dev");

        assertThat(dev).isEqualTo(aSpec().withOverrides(null));
    }

    @Test
    void configKeysMergeOneByOneAndNullRemovesAKey() {
        Map<String, Object> configPatch = new HashMap<>();
        configPatch.put("FEATURE_X", "on");
        configPatch.put("LOG_LEVEL", null);
        ServiceSpec spec = aSpec().withConfig(Map.of("LOG_LEVEL", "info", "REGION", "eu"))
                .withOverrides(Map.of("dev", Map.of("config", configPatch)));

        assertThat(SpecMerge.forEnvironment(spec, "dev").config())
                .containsExactlyInAnyOrderEntriesOf(Map.of("REGION", "eu", "FEATURE_X", "on"));
    }

    @Test
    void nullTurnsASectionOffAndListsAreReplacedWhole() {
        Map<String, Object> patch = new HashMap<>();
        patch.put("autoscaling", null);
        patch.put("secrets", List.of("OTHER"));
        ServiceSpec dev = SpecMerge.forEnvironment(aSpec().withOverrides(Map.of("dev", patch)), "dev");

        assertThat(dev.autoscaling()).isNull();
        assertThat(dev.secrets()).containsExactly("OTHER");
        assertThat(dev.ports()).isEqualTo(aSpec().ports());
    }

    @Test
    void anOverrideOfTheWrongShapeIsRefusedWithItsPath() {
        ServiceSpec spec = aSpec().withOverrides(Map.of("prod", Map.of("replicas", "many")));

        assertThatThrownBy(() -> SpecMerge.forEnvironment(spec, "prod"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::field).containsExactly("spec.overrides.prod.replicas"));
    }

    @Test
    void mergePatchFollowsTheExamplesOfRfc7396() {
        assertThat(merge("{\"a\":\"b\"}", "{\"a\":\"c\"}")).isEqualTo(json("{\"a\":\"c\"}"));
        assertThat(merge("{\"a\":\"b\"}", "{\"b\":\"c\"}")).isEqualTo(json("{\"a\":\"b\",\"b\":\"c\"}"));
        assertThat(merge("{\"a\":\"b\"}", "{\"a\":null}")).isEqualTo(json("{}"));
        assertThat(merge("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}")).isEqualTo(json("{\"b\":\"c\"}"));
        assertThat(merge("{\"a\":[\"b\"]}", "{\"a\":\"c\"}")).isEqualTo(json("{\"a\":\"c\"}"));
        assertThat(merge("{\"a\":\"c\"}", "{\"a\":[\"b\"]}")).isEqualTo(json("{\"a\":[\"b\"]}"));
        assertThat(merge("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}")).isEqualTo(json("{\"a\":{\"b\":\"d\"}}"));
        assertThat(merge("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}")).isEqualTo(json("{\"a\":[1]}"));
        assertThat(merge("[\"a\",\"b\"]", "[\"c\",\"d\"]")).isEqualTo(json("[\"c\",\"d\"]"));
        assertThat(merge("{\"a\":\"b\"}", "[\"c\"]")).isEqualTo(json("[\"c\"]"));
        assertThat(merge("{\"a\":\"foo\"}", "null")).isEqualTo(json("null"));
        assertThat(merge("{\"a\":\"foo\"}", "\"bar\"")).isEqualTo(json("\"bar\""));
        assertThat(merge("{\"e\":null}", "{\"a\":1}")).isEqualTo(json("{\"e\":null,\"a\":1}"));
        assertThat(merge("[1,2]", "{\"a\":\"b\",\"c\":null}")).isEqualTo(json("{\"a\":\"b\"}"));
        assertThat(merge("{}", "{\"a\":{\"bb\":{\"ccc\":null}}}")).isEqualTo(json("{\"a\":{\"bb\":{}}}"));
    }

    @Test
    void mergingLeavesTheBaseUntouched() {
        JsonNode target = json("{\"a\":{\"b\":1}}");
        SpecMerge.mergePatch(target, json("{\"a\":{\"b\":2}}"));
        assertThat(target).isEqualTo(json("{\"a\":{\"b\":1}}"));
    }

    private static JsonNode merge(String target, String patch) {
        return SpecMerge.mergePatch(json(target), json(patch));
    }

    private static JsonNode json(String text) {
        return SpecReader.STRICT.readTree(text);
    }
}
