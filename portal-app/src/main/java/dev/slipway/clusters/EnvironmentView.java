package dev.slipway.clusters;

import jakarta.annotation.Nullable;

/**
 * An environment and the rules that hold in it. {@code fallbackApprovers}: the team whose leads may decide
 * requests here that no other lead of the owning team can (null: none).
 */
public record EnvironmentView(
        long id,
        String name,
        String cluster,
        String namespaceTemplate,
        int order,
        boolean requiresApproval,
        DriftMode driftMode,
        GuardrailPolicy policy,
        @Nullable String fallbackApprovers) {

    /** An environment without a fallback approver group. */
    public EnvironmentView(long id, String name, String cluster, String namespaceTemplate, int order,
            boolean requiresApproval, DriftMode driftMode, GuardrailPolicy policy) {
        this(id, name, cluster, namespaceTemplate, order, requiresApproval, driftMode, policy, null);
    }

    /** The namespace a team's services live in here: the template with its placeholders filled in. */
    public String namespaceFor(String team, String service) {
        return NamespaceTemplate.render(namespaceTemplate, team, name, service);
    }
}
