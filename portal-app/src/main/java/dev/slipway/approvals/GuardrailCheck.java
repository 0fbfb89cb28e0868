package dev.slipway.approvals;

import dev.slipway.catalog.Quantity;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.clusters.GuardrailPolicy;
import dev.slipway.common.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a service's effective spec for an environment keeps to that environment's guardrails. A
 * pure function, so a request is judged the same way when it is made and again just before the
 * deployer applies it. Each problem names the spec field to change and the rule it breaks.
 *
 * <ul>
 *   <li>maxReplicas: with autoscaling the autoscaler's maxReplicas counts, as it decides the count.
 *   <li>maxCpu, maxMemory: per container; the limit is compared, or the request when no limit is set.
 *       A container with neither is left to requireLimits.
 *   <li>allowedRegistries: by the image's registry host (Docker Hub, {@code docker.io}, when the image
 *       names none), or by host and path prefix.
 *   <li>requireLimits: both cpuLimit and memoryLimit set.
 *   <li>forbidLatestTag: an image tagged {@code latest}, or with no tag and no digest, is latest.
 * </ul>
 */
final class GuardrailCheck {

    private GuardrailCheck() {}

    static List<FieldProblem> violations(GuardrailPolicy policy, ServiceSpec effectiveSpec) {
        return check(policy, effectiveSpec, "");
    }

    /** As {@link #violations(GuardrailPolicy, ServiceSpec)}, with messages that name the environment. */
    static List<FieldProblem> violations(EnvironmentView environment, ServiceSpec effectiveSpec) {
        return check(environment.policy(), effectiveSpec, " in " + environment.name());
    }

    private static List<FieldProblem> check(GuardrailPolicy policy, ServiceSpec spec, String where) {
        List<FieldProblem> problems = new ArrayList<>();
        if (policy == null) {
            return problems;
        }
        replicas(policy, spec, where, problems);
        ServiceSpec.Resources resources = spec.resources() == null
                ? new ServiceSpec.Resources(null, null, null, null)
                : spec.resources();
        maximum(policy.maxCpu(), "maxCpu", "cpuLimit", resources.cpuLimit(), "cpuRequest", resources.cpuRequest(),
                where, problems);
        maximum(policy.maxMemory(), "maxMemory", "memoryLimit", resources.memoryLimit(), "memoryRequest",
                resources.memoryRequest(), where, problems);
        if (policy.limitsRequired()) {
            if (blank(resources.cpuLimit())) {
                problems.add(new FieldProblem("spec.resources.cpuLimit", "is required" + where
                        + " (guardrail requireLimits): set a CPU limit such as 500m"));
            }
            if (blank(resources.memoryLimit())) {
                problems.add(new FieldProblem("spec.resources.memoryLimit", "is required" + where
                        + " (guardrail requireLimits): set a memory limit such as 512Mi"));
            }
        }
        if (spec.image() != null && !spec.image().isBlank()) {
            ImageReference image = ImageReference.parse(spec.image());
            List<String> registries = policy.allowedRegistries();
            if (!registries.isEmpty() && registries.stream().noneMatch(image::comesFrom)) {
                problems.add(new FieldProblem("spec.image", "must come from an allowed registry" + where
                        + " (guardrail allowedRegistries: " + String.join(", ", registries) + "); "
                        + image.repository() + " is not from one of them"));
            }
            if (policy.latestTagForbidden() && image.latest()) {
                problems.add(new FieldProblem("spec.image", "must name a version tag or a digest, not latest" + where
                        + " (guardrail forbidLatestTag)" + (image.tag() == null
                                ? "; an image without a tag is pulled as latest"
                                : "")));
            }
        }
        return problems;
    }

    private static void replicas(GuardrailPolicy policy, ServiceSpec spec, String where, List<FieldProblem> problems) {
        Integer max = policy.maxReplicas();
        if (max == null) {
            return;
        }
        String message = "must be at most " + max + where + " (guardrail maxReplicas)";
        if (spec.autoscaling() != null) {
            Integer ceiling = spec.autoscaling().maxReplicas();
            if (ceiling != null && ceiling > max) {
                problems.add(new FieldProblem("spec.autoscaling.maxReplicas", message + ", not " + ceiling));
            }
        } else {
            int replicas = spec.replicas() == null ? 1 : spec.replicas();
            if (replicas > max) {
                problems.add(new FieldProblem("spec.replicas", message + ", not " + replicas));
            }
        }
    }

    private static void maximum(String max, String rule, String limitField, String limit, String requestField,
            String request, String where, List<FieldProblem> problems) {
        Optional<Quantity> ceiling = max == null ? Optional.empty() : Quantity.parse(max.strip());
        if (ceiling.isEmpty()) {
            return;
        }
        String field = blank(limit) ? requestField : limitField;
        String value = blank(limit) ? request : limit;
        if (blank(value)) {
            return;
        }
        Quantity.parse(value.strip())
                .filter(quantity -> quantity.compareTo(ceiling.get()) > 0)
                .ifPresent(quantity -> problems.add(new FieldProblem("spec.resources." + field, "must be at most "
                        + max.strip() + " per container" + where + " (guardrail " + rule + "), not " + value.strip()
                        + (field.equals(requestField) ? "; with no limit set the request is compared" : ""))));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
