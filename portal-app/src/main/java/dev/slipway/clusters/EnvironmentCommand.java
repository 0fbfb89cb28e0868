package dev.slipway.clusters;

/**
 * Create or change an environment; null fields take their defaults. {@code fallbackApprovers} is the slug
 * of a team whose leads may decide requests here that no other lead of the owning team can (null: none).
 * {@code dashboardUrlTemplate} and {@code logsUrlTemplate} are URLs with {@code {namespace}},
 * {@code {service}}, {@code {environment}} and {@code {cluster}} placeholders ({@link LinkTemplate}; null: no link).
 */
public record EnvironmentCommand(
        String name,
        String cluster,
        String namespaceTemplate,
        Integer order,
        Boolean requiresApproval,
        DriftMode driftMode,
        GuardrailPolicy policy,
        String fallbackApprovers,
        String dashboardUrlTemplate,
        String logsUrlTemplate) {

    /** An environment without dashboard or logs links. */
    public EnvironmentCommand(String name, String cluster, String namespaceTemplate, Integer order,
            Boolean requiresApproval, DriftMode driftMode, GuardrailPolicy policy, String fallbackApprovers) {
        this(name, cluster, namespaceTemplate, order, requiresApproval, driftMode, policy, fallbackApprovers, null, null);
    }

    /** An environment without a fallback approver group. */
    public EnvironmentCommand(String name, String cluster, String namespaceTemplate, Integer order,
            Boolean requiresApproval, DriftMode driftMode, GuardrailPolicy policy) {
        this(name, cluster, namespaceTemplate, order, requiresApproval, driftMode, policy, null, null, null);
    }
}
