package dev.slipway.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.FieldProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretInputRulesTest {

    @Test
    void undeclaredKeyIsRefusedListingTheDeclaredOnes() {
        assertThat(SecretInputRules.key("NOPE", List.of("A", "B")))
                .contains(new FieldProblem("key", "must be one of the secrets declared in the spec: A, B"));
        assertThat(SecretInputRules.key("A", List.of("A", "B"))).isEmpty();
        assertThat(SecretInputRules.key("A", List.of())).get().extracting(FieldProblem::message).asString()
                .contains("declares none");
    }

    @Test
    void environmentIsEmptyForAllOrADnsLabel() {
        assertThat(SecretInputRules.environment(null)).isEmpty();
        assertThat(SecretInputRules.environment("")).isEmpty();
        assertThat(SecretInputRules.environment("prod-eu-1")).isEmpty();
        for (String bad : List.of("*", "Prod", "prod_1", "-prod", "prod-", "a".repeat(64))) {
            assertThat(SecretInputRules.environment(bad)).as(bad).get()
                    .extracting(FieldProblem::field).isEqualTo("environment");
        }
        assertThat(SecretInputRules.environmentOrAll(null)).isEqualTo("*");
        assertThat(SecretInputRules.environmentOrAll("prod")).isEqualTo("prod");
    }

    @Test
    void valueMustBeOneTo65536BytesAndIsNeverEchoed() {
        assertThat(SecretInputRules.value("x")).isEmpty();
        assertThat(SecretInputRules.value("é".repeat(32768))).isEmpty();
        String tooLong = "s3cr3t-" + "é".repeat(32765);
        for (String bad : new String[] {null, "", tooLong, "broken \uD800 surrogate"}) {
            var problem = SecretInputRules.value(bad);
            assertThat(problem).get().extracting(FieldProblem::field).isEqualTo("value");
            assertThat(problem.get().message()).doesNotContain("s3cr3t").doesNotContain("broken");
        }
    }
}
