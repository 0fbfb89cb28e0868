package dev.slipway.catalog;

import static dev.slipway.catalog.Specs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.catalog.SpecDiff.Change;
import dev.slipway.catalog.SpecDiff.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecDiffTest {

    @Test
    void equalSpecsHaveNoChanges() {
        assertThat(SpecDiff.between(aSpec(), aSpec())).isEmpty();
    }

    @Test
    void listsChangedAddedAndRemovedFieldsByPath() {
        ServiceSpec after = aSpec()
                .withContainer("registry.example.com/payments/api:1.5.0", 2, List.of(), List.of())
                .withConfig(Map.of("LOG_LEVEL", "debug", "REGION", "eu"))
                .withPorts(List.of(new ServiceSpec.Port("http", 9090, 80), new ServiceSpec.Port("metrics", 9100, null)))
                .withProbes(null);

        assertThat(SpecDiff.between(aSpec(), after))
                .extracting(Change::path, Change::kind, Change::before, Change::after)
                .containsExactly(
                        tuple("spec.config.LOG_LEVEL", Kind.CHANGED, "info", "debug"),
                        tuple("spec.config.REGION", Kind.ADDED, null, "eu"),
                        tuple("spec.image", Kind.CHANGED, "registry.example.com/payments/api:1.4.2",
                                "registry.example.com/payments/api:1.5.0"),
                        tuple("spec.ports[0].containerPort", Kind.CHANGED, "8080", "9090"),
                        tuple("spec.ports[1].containerPort", Kind.ADDED, null, "9100"),
                        tuple("spec.ports[1].name", Kind.ADDED, null, "metrics"),
                        tuple("spec.probes.livenessPath", Kind.REMOVED, "/live", null),
                        tuple("spec.probes.port", Kind.REMOVED, "http", null),
                        tuple("spec.probes.readinessPath", Kind.REMOVED, "/ready", null));
    }

    @Test
    void overridesAreComparedByEnvironmentAndKey() {
        Map<String, Object> prod = new HashMap<>(aSpec().overrides().get("prod"));
        prod.put("replicas", 6);
        prod.put("autoscaling", null);
        ServiceSpec after = aSpec().withOverrides(Map.of("prod", prod, "dev", Map.of("replicas", 1)));

        assertThat(SpecDiff.between(aSpec(), after))
                .extracting(Change::path, Change::kind, Change::before, Change::after)
                .containsExactly(
                        tuple("spec.overrides.dev.replicas", Kind.ADDED, null, "1"),
                        tuple("spec.overrides.prod.autoscaling", Kind.CHANGED, "{\"minReplicas\":4}", "null"),
                        tuple("spec.overrides.prod.replicas", Kind.ADDED, null, "6"));
    }

    @Test
    void keysThatAreNotPlainNamesAreQuotedAndEmptyObjectsStillShow() {
        ServiceSpec after = aSpec().withOverrides(Map.of("prod", aSpec().overrides().get("prod"), "eu-1", Map.of()));

        assertThat(SpecDiff.between(aSpec(), after))
                .extracting(Change::path, Change::kind, Change::after)
                .containsExactly(tuple("spec.overrides.eu-1", Kind.ADDED, "{}"));
        assertThat(SpecDiff.between(aSpec().withConfig(Map.of()), aSpec().withConfig(Map.of("a.b", "1"))))
                .extracting(Change::path).containsExactly("spec.config['a.b']");
    }

    @Test
    void aSectionTurnedOffListsEachOfItsFields() {
        assertThat(SpecDiff.between(aSpec(), aSpec().withAutoscaling(null)))
                .extracting(Change::path, Change::kind)
                .containsExactly(
                        tuple("spec.autoscaling.cpuUtilization", Kind.REMOVED),
                        tuple("spec.autoscaling.maxReplicas", Kind.REMOVED),
                        tuple("spec.autoscaling.minReplicas", Kind.REMOVED));
    }

    @Test
    void anObjectReplacedByAScalarIsOneChange() {
        ServiceSpec before = aSpec().withOverrides(Map.of("prod", Map.of("ingress", Map.of("host", "a.io"))));
        ServiceSpec after = aSpec().withOverrides(Map.of("prod", Map.of("ingress", "off")));

        assertThat(SpecDiff.between(before, after))
                .extracting(Change::path, Change::kind, Change::before, Change::after)
                .containsExactly(tuple("spec.overrides.prod.ingress", Kind.CHANGED, "{\"host\":\"a.io\"}", "off"));
    }
}
