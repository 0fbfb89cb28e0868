package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The JSON half of the NUL guard, on a mapper of its own: values, map keys and list items, with their path. */
class NulCharactersTest {

    record Spec(String image, Map<String, String> config, List<String> args) {}

    private final JsonMapper mapper = JsonMapper.builder().addModule(new NulCharacters().nulFreeText()).build();

    @Test
    void textWithoutNulReadsAsBefore() {
        Spec spec = mapper.readValue("{\"image\":\"nginx\",\"config\":{\"A\":\"\\u00e9\"},\"args\":[\"-v\"]}", Spec.class);

        assertThat(spec).isEqualTo(new Spec("nginx", Map.of("A", "é"), List.of("-v")));
    }

    @Test
    void aNulAnywhereInTextIsRefusedWithItsPath() {
        assertThat(pathOfRefused("{\"image\":\"ng\\u0000inx\"}")).isEqualTo("image");
        assertThat(pathOfRefused("{\"config\":{\"A\":\"\\u0000\"}}")).isEqualTo("config.A");
        assertThat(pathOfRefused("{\"config\":{\"A\\u0000\":\"x\"}}")).startsWith("config");
        assertThat(pathOfRefused("{\"args\":[\"ok\",\"\\u0000\"]}")).isEqualTo("args[1]");
    }

    private String pathOfRefused(String json) {
        var refused = new Object() {
            NulCharacters.InJson caught;
        };
        assertThatThrownBy(() -> mapper.readValue(json, Spec.class)).isInstanceOfSatisfying(NulCharacters.InJson.class,
                e -> refused.caught = e);
        return JsonErrors.pathOf(refused.caught);
    }
}
