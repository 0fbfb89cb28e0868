package dev.slipway.clusters;

/**
 * Create or change an environment; null fields take their defaults. {@code fallbackApprovers} is the slug
 * of a team whose leads may decide requests here that no other lead of the owning team can (null: none).
 */
public record EnvironmentCommand(
        String name,
        String cluster,
        String namespaceTemplate,
        Integer order,
        Boolean requiresApproval,
        DriftMode driftMode,
        GuardrailPolicy policy,
        String fallbackApprovers) {

    /** An environment without a fallback approver group. */
    public EnvironmentCommand(String name, String cluster, String namespaceTemplate, Integer order,
            Boolean requiresApproval, DriftMode driftMode, GuardrailPolicy policy) {
        this(name, cluster, namespaceTemplate, order, requiresApproval, driftMode, policy, null);
    }
}
