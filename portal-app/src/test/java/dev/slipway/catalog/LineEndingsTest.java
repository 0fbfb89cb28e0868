package dev.slipway.catalog;

import static dev.slipway.catalog.Specs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineEndingsTest {

    @Test
    void windowsAndOldMacLineEndingsBecomeNewlines() {
        assertThat(LineEndings.normalize("a\r\nb\rc\nd")).isEqualTo("a\nb\nc\nd");
        assertThat(LineEndings.normalize("\r\n\r\n")).isEqualTo("\n\n");
        assertThat(LineEndings.normalize((String) null)).isNull();
    }

    @Test
    void configValuesAndFilesAreNormalisedInTheBaseAndEveryOverride() {
        ServiceSpec pasted = aSpec().withConfig(Map.of("CERT", "line 1\r\nline 2\r\n"))
                .withConfigFiles(List.of(new ServiceSpec.ConfigFile("/etc/app.yaml", "a: 1\r\nb: 2\r")))
                .withOverrides(Map.of("prod", Map.of("config", Map.of("CERT", "p\r\nq"),
                        "configFiles", List.of(Map.of("path", "/etc/app.yaml", "content", "c: 3\r\n")))));

        ServiceSpec normalized = LineEndings.normalize(pasted);

        assertThat(normalized.config()).containsEntry("CERT", "line 1\nline 2\n");
        assertThat(normalized.configFiles()).containsExactly(new ServiceSpec.ConfigFile("/etc/app.yaml", "a: 1\nb: 2\n"));
        assertThat(SpecMerge.forEnvironment(normalized, "prod").config()).containsEntry("CERT", "p\nq");
        assertThat(SpecMerge.forEnvironment(normalized, "prod").configFiles())
                .containsExactly(new ServiceSpec.ConfigFile("/etc/app.yaml", "c: 3\n"));
        assertThat(normalized.image()).isEqualTo(pasted.image());
    }
}
