package dev.slipway.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The JSON module on a mapper of its own: values, map keys and list items, each refused with its path. */
class NulFreeTextTest {

    record Spec(String image, Map<String, String> config, List<String> args) {}

    private final JsonMapper mapper = JsonMapper.builder().addModule(NulFreeText.module()).build();

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
        assertThat(pathOfRefused("{\"args\":[\"ok\",\"\\u0000\"]}")).isEqualTo("args.1");
    }

    @Test
    void aNulInAFieldNameIsShownEscaped() {
        assertThat(NulFreeText.shown("config.A\u0000B")).isEqualTo("config.A\\0B");
    }

    private String pathOfRefused(String json) {
        var refused = new Object() {
            NulFreeText.Refused caught;
        };
        assertThatThrownBy(() -> mapper.readValue(json, Spec.class)).isInstanceOfSatisfying(NulFreeText.Refused.class,
                e -> refused.caught = e);
        return refused.caught.getPath().stream()
                .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                        : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
    }
}
