package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.catalog.ServiceSpec;
import dev.slipway.clusters.DriftMode;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.clusters.GuardrailPolicy;
import dev.slipway.common.FieldProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardrailCheckTest {

    @Test
    void aSpecWithinEveryRuleHasNoViolations() {
        GuardrailPolicy strict = new GuardrailPolicy(5, "2", "1Gi", List.of("registry.example.com/payments"), true, true);

        assertThat(GuardrailCheck.violations(strict, aSpec().build())).isEmpty();
    }

    @Test
    void noPolicyAllowsAnything() {
        ServiceSpec wild = aSpec().image("nginx").replicas(500).resources(null).build();

        assertThat(GuardrailCheck.violations(GuardrailPolicy.none(), wild)).isEmpty();
    }

    @Test
    void tooManyReplicasNamesTheFieldTheRuleAndTheEnvironment() {
        assertThat(GuardrailCheck.violations(prod(policy().maxReplicas(5)), aSpec().replicas(6).build()))
                .containsExactly(new FieldProblem("spec.replicas", "must be at most 5 in prod (guardrail maxReplicas), not 6"));
    }

    @Test
    void withAutoscalingTheAutoscalersMaximumCountsInsteadOfReplicas() {
        ServiceSpec scaled = aSpec().replicas(50).autoscaling(new ServiceSpec.Autoscaling(2, 8, 70)).build();

        assertThat(GuardrailCheck.violations(policy().maxReplicas(5).build(), scaled))
                .extracting(FieldProblem::field).containsExactly("spec.autoscaling.maxReplicas");
        assertThat(GuardrailCheck.violations(policy().maxReplicas(8).build(), scaled)).isEmpty();
    }

    @Test
    void cpuAndMemoryLimitsAboveTheMaximumAreRefusedInAnyUnit() {
        ServiceSpec big = aSpec().resources(new ServiceSpec.Resources("500m", "2500m", "256Mi", "2Gi")).build();

        assertThat(GuardrailCheck.violations(prod(policy().maxCpu("2").maxMemory("1536Mi")), big))
                .extracting(FieldProblem::field, FieldProblem::message)
                .containsExactly(
                        tuple("spec.resources.cpuLimit", "must be at most 2 per container in prod (guardrail maxCpu), not 2500m"),
                        tuple("spec.resources.memoryLimit",
                                "must be at most 1536Mi per container in prod (guardrail maxMemory), not 2Gi"));
        assertThat(GuardrailCheck.violations(policy().maxCpu("2500m").maxMemory("2Gi").build(), big)).isEmpty();
    }

    @Test
    void withoutLimitsTheRequestsAreCompared() {
        ServiceSpec requestsOnly = aSpec().resources(new ServiceSpec.Resources("3", null, "4Gi", null)).build();

        assertThat(GuardrailCheck.violations(policy().maxCpu("2").maxMemory("1Gi").build(), requestsOnly))
                .extracting(FieldProblem::field)
                .containsExactly("spec.resources.cpuRequest", "spec.resources.memoryRequest");
    }

    @Test
    void requiredLimitsMeanBothCpuAndMemoryLimits() {
        ServiceSpec cpuOnly = aSpec().resources(new ServiceSpec.Resources("100m", "1", "128Mi", null)).build();

        assertThat(GuardrailCheck.violations(prod(policy().requireLimits()), cpuOnly))
                .extracting(FieldProblem::field, FieldProblem::message)
                .containsExactly(tuple("spec.resources.memoryLimit",
                        "is required in prod (guardrail requireLimits): set a memory limit such as 512Mi"));
        assertThat(GuardrailCheck.violations(policy().requireLimits().build(), aSpec().resources(null).build()))
                .extracting(FieldProblem::field)
                .containsExactly("spec.resources.cpuLimit", "spec.resources.memoryLimit");
    }

    @Test
    void registriesMatchByHostOrByHostAndWholePathComponents() {
        GuardrailPolicy allowed = policy().registries("registry.example.com/payments", "ghcr.io", "localhost:5000").build();

        assertThat(GuardrailCheck.violations(allowed, aSpec().image("registry.example.com/payments/api:1").build())).isEmpty();
        assertThat(GuardrailCheck.violations(allowed, aSpec().image("ghcr.io/anyone/tool:2").build())).isEmpty();
        assertThat(GuardrailCheck.violations(allowed, aSpec().image("localhost:5000/api:2").build())).isEmpty();
        assertThat(GuardrailCheck.violations(allowed, aSpec().image("registry.example.com/payments-old/api:1").build()))
                .extracting(FieldProblem::field).containsExactly("spec.image");
        assertThat(GuardrailCheck.violations(allowed, aSpec().image("registry.example.com/search/api:1").build()))
                .extracting(FieldProblem::field).containsExactly("spec.image");
        assertThat(GuardrailCheck.violations(allowed, aSpec().image("ghcr.io.evil.com/api:1").build()))
                .extracting(FieldProblem::field).containsExactly("spec.image");
    }

    @Test
    void anImageWithoutARegistryHostComesFromDockerHub() {
        ServiceSpec nginx = aSpec().image("nginx:1.27").build();

        assertThat(GuardrailCheck.violations(prod(policy().registries("registry.example.com")), nginx))
                .extracting(FieldProblem::message)
                .containsExactly("must come from an allowed registry in prod (guardrail allowedRegistries:"
                        + " registry.example.com); docker.io/library/nginx is not from one of them");
        assertThat(GuardrailCheck.violations(policy().registries("docker.io").build(), nginx)).isEmpty();
        assertThat(GuardrailCheck.violations(policy().registries("docker.io/library").build(), nginx)).isEmpty();
        assertThat(GuardrailCheck.violations(policy().registries("docker.io").build(),
                aSpec().image("bitnami/redis:7").build())).isEmpty();
    }

    @Test
    void latestAndUntaggedImagesAreLatestButDigestsAreNot() {
        GuardrailPolicy noLatest = policy().forbidLatest().build();

        assertThat(GuardrailCheck.violations(noLatest, aSpec().image("registry.example.com/payments/api:latest").build()))
                .extracting(FieldProblem::field).containsExactly("spec.image");
        assertThat(GuardrailCheck.violations(prod(policy().forbidLatest()), aSpec().image("registry.example.com/payments/api").build()))
                .extracting(FieldProblem::message)
                .containsExactly("must name a version tag or a digest, not latest in prod (guardrail forbidLatestTag);"
                        + " an image without a tag is pulled as latest");
        assertThat(GuardrailCheck.violations(noLatest, aSpec().image("localhost:5000/api").build()))
                .as("the port is not a tag").extracting(FieldProblem::field).containsExactly("spec.image");
        assertThat(GuardrailCheck.violations(noLatest, aSpec().image("registry.example.com/payments/api@sha256:"
                + "0".repeat(64)).build())).isEmpty();
        assertThat(GuardrailCheck.violations(noLatest, aSpec().image("registry.example.com/payments/api:1.4.2").build()))
                .isEmpty();
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
        ServiceSpec bad = aSpec().image("nginx").replicas(9).resources(new ServiceSpec.Resources("4", null, null, null))
                .build();
        GuardrailPolicy strict = new GuardrailPolicy(5, "2", "1Gi", List.of("registry.example.com"), true, true);

        assertThat(GuardrailCheck.violations(strict, bad)).extracting(FieldProblem::message)
                .allSatisfy(message -> assertThat(message).containsPattern("\\(guardrail \\w+"))
                .hasSize(6);
    }

    private static EnvironmentView prod(PolicyBuilder policy) {
        return new EnvironmentView(1, "prod", "main", "{team}-{environment}", 1, true, DriftMode.DETECT, policy.build());
    }

    private static PolicyBuilder policy() {
        return new PolicyBuilder();
    }

    private static SpecBuilder aSpec() {
        return new SpecBuilder();
    }

    /** A policy with no rules, given one rule at a time. */
    private static final class PolicyBuilder {
        private Integer maxReplicas;
        private String maxCpu;
        private String maxMemory;
        private List<String> registries = List.of();
        private boolean requireLimits;
        private boolean forbidLatest;

        PolicyBuilder maxReplicas(int value) {
            maxReplicas = value;
            return this;
        }

        PolicyBuilder maxCpu(String value) {
            maxCpu = value;
            return this;
        }

        PolicyBuilder maxMemory(String value) {
            maxMemory = value;
            return this;
        }

        PolicyBuilder registries(String... values) {
            registries = List.of(values);
            return this;
        }

        PolicyBuilder requireLimits() {
            requireLimits = true;
            return this;
        }

        PolicyBuilder forbidLatest() {
            forbidLatest = true;
            return this;
        }

        GuardrailPolicy build() {
            return new GuardrailPolicy(maxReplicas, maxCpu, maxMemory, registries, requireLimits, forbidLatest);
        }
    }

    /** A spec within every rule of the strict policy, changed one field at a time. */
    private static final class SpecBuilder {
        private String image = "registry.example.com/payments/api:1.4.2";
        private Integer replicas = 2;
        private ServiceSpec.Resources resources = new ServiceSpec.Resources("250m", "1", "256Mi", "512Mi");
        private ServiceSpec.Autoscaling autoscaling;

        SpecBuilder image(String value) {
            image = value;
            return this;
        }

        SpecBuilder replicas(Integer value) {
            replicas = value;
            return this;
        }

        SpecBuilder resources(ServiceSpec.Resources value) {
            resources = value;
            return this;
        }

        SpecBuilder autoscaling(ServiceSpec.Autoscaling value) {
            autoscaling = value;
            return this;
        }

        ServiceSpec build() {
            return new ServiceSpec(image, replicas, null, null, null, resources, null, null, null, autoscaling, null, null);
        }
    }
}
