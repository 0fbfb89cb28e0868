package dev.slipway.clusters;

import jakarta.annotation.Nullable;

/**
 * An environment and the rules that hold in it. {@code fallbackApprovers}: the team whose leads may decide
 * requests here that no other lead of the owning team can (null: none). {@code dashboardUrlTemplate} and
 * {@code logsUrlTemplate}: where the status page links to ({@link LinkTemplate}; null: no link).
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
        @Nullable String fallbackApprovers,
        @Nullable String dashboardUrlTemplate,
        @Nullable String logsUrlTemplate) {

    /** An environment without dashboard or logs links. */
    public EnvironmentView(long id, String name, String cluster, String namespaceTemplate, int order,
            boolean requiresApproval, DriftMode driftMode, GuardrailPolicy policy, @Nullable String fallbackApprovers) {
        this(id, name, cluster, namespaceTemplate, order, requiresApproval, driftMode, policy, fallbackApprovers, null,
                null);
    }

    /** An environment without a fallback approver group. */
    public EnvironmentView(long id, String name, String cluster, String namespaceTemplate, int order,
            boolean requiresApproval, DriftMode driftMode, GuardrailPolicy policy) {
        this(id, name, cluster, namespaceTemplate, order, requiresApproval, driftMode, policy, null, null, null);
    }

    /** The dashboard and logs links of one of a team's services here, placeholders filled in. */
    public ObserveLinks observeLinks(String team, String service) {
        String namespace = namespaceFor(team, service);
        return new ObserveLinks(LinkTemplate.expand(dashboardUrlTemplate, namespace, service, name, cluster),
                LinkTemplate.expand(logsUrlTemplate, namespace, service, name, cluster));
    }

    /** The namespace a team's services live in here: the template with its placeholders filled in. */
    public String namespaceFor(String team, String service) {
        return NamespaceTemplate.render(namespaceTemplate, team, name, service);
    }
}
