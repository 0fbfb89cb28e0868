package dev.slipway.deploy.engine;

import dev.slipway.clusters.GuardrailPolicy;
import dev.slipway.common.FieldProblem;
import dev.slipway.deploy.requests.DeploymentRules;
import java.util.ArrayList;
import java.util.List;

/**
 * An environment's guardrails as a plan shows them before anything is requested: the policy, its
 * rules in words, and what in the revision breaks them (a request would be refused with exactly these
 * problems, as both come from {@link DeploymentRules#guardrailViolations}).
 */
public record PlanGuardrails(GuardrailPolicy policy, List<String> rules, List<FieldProblem> violations) {

    public static PlanGuardrails of(GuardrailPolicy policy, List<FieldProblem> violations) {
        GuardrailPolicy p = policy == null ? GuardrailPolicy.none() : policy;
        return new PlanGuardrails(p, describe(p), List.copyOf(violations));
    }

    /** The rules of a policy in words, one per rule that is set; empty when the environment has none. */
    static List<String> describe(GuardrailPolicy policy) {
        List<String> rules = new ArrayList<>();
        if (policy.maxReplicas() != null) {
            rules.add("At most " + policy.maxReplicas() + " replicas (maxReplicas)");
        }
        if (policy.maxCpu() != null && !policy.maxCpu().isBlank()) {
            rules.add("CPU at most " + policy.maxCpu().strip() + " per container (maxCpu)");
        }
        if (policy.maxMemory() != null && !policy.maxMemory().isBlank()) {
            rules.add("Memory at most " + policy.maxMemory().strip() + " per container (maxMemory)");
        }
        if (!policy.allowedRegistries().isEmpty()) {
            rules.add("Images only from " + String.join(", ", policy.allowedRegistries()) + " (allowedRegistries)");
        }
        if (policy.limitsRequired()) {
            rules.add("CPU and memory limits must be set (requireLimits)");
        }
        if (policy.latestTagForbidden()) {
            rules.add("Images must name a version tag or a digest, not latest (forbidLatestTag)");
        }
        return rules;
    }
}
