package dev.slipway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.FieldProblem;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec's securityContext and podDisruptionBudget (docs/golden-paths.md): each problem named at its field. */
class SecurityContextAndBudgetSpecTest {

    private static List<String> problems(ServiceSpec.SecurityContext context, ServiceSpec.PodDisruptionBudget budget) {
        ServiceSpec spec = new ServiceSpec("registry.example.com/payments/api:1", 2, null, null, null, null, null, null,
                null, null, null, null, null, null, context, budget);
        return SpecValidator.validate(spec).stream().map(FieldProblem::field).toList();
    }

    @Test
    void aSoundSecurityContextAndBudgetPass() {
        assertThat(problems(new ServiceSpec.SecurityContext(true, true, List.of("ALL")),
                new ServiceSpec.PodDisruptionBudget(1, null))).isEmpty();
        assertThat(problems(new ServiceSpec.SecurityContext(null, null, null),
                new ServiceSpec.PodDisruptionBudget(null, 0))).isEmpty();
    }

    @Test
    void capabilitiesAreCapitalNamesListedOnce() {
        assertThat(problems(new ServiceSpec.SecurityContext(true, null, Arrays.asList("net_raw", "ALL", "ALL", null)),
                null)).containsExactly("spec.securityContext.dropCapabilities[0]",
                "spec.securityContext.dropCapabilities[2]", "spec.securityContext.dropCapabilities[3]");
    }

    @Test
    void aBudgetHasExactlyOneOfItsNumbersWithinRange() {
        assertThat(problems(null, new ServiceSpec.PodDisruptionBudget(null, null))).containsExactly("spec.podDisruptionBudget");
        assertThat(problems(null, new ServiceSpec.PodDisruptionBudget(1, 1)))
                .containsExactly("spec.podDisruptionBudget.maxUnavailable");
        assertThat(problems(null, new ServiceSpec.PodDisruptionBudget(-1, null)))
                .containsExactly("spec.podDisruptionBudget.minAvailable");
    }

    @Test
    void bothSectionsReadFromJsonAndAppearInOverrides() {
        var read = SpecDocuments.read(SpecReader.STRICT.readTree("""
                {"image": "registry.example.com/payments/api:1",
                 "securityContext": {"runAsNonRoot": "yes"},
                 "podDisruptionBudget": {"minAvailable": 1, "extra": 2}}"""));
        assertThat(read.problems()).extracting(FieldProblem::field)
                .contains("spec.securityContext.runAsNonRoot", "spec.podDisruptionBudget.extra");
        ServiceSpec merged = SpecMerge.forEnvironment(new ServiceSpec("registry.example.com/payments/api:1", 2, null,
                null, null, null, null, null, null, null, null,
                java.util.Map.of("prod", java.util.Map.of("podDisruptionBudget", java.util.Map.of("minAvailable", 2)))),
                "prod");
        assertThat(merged.podDisruptionBudget().minAvailable()).isEqualTo(2);
    }
}
