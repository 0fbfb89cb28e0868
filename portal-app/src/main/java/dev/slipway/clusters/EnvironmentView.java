package dev.slipway.clusters;

/** An environment and the rules that hold in it. */
public record EnvironmentView(
        long id,
        String name,
        String cluster,
        String namespaceTemplate,
        int order,
        boolean requiresApproval,
        DriftMode driftMode,
        GuardrailPolicy policy) {

    /** The namespace a team's services live in here: the template with its placeholders filled in. */
    public String namespaceFor(String team, String service) {
        return NamespaceTemplate.render(namespaceTemplate, team, name, service);
    }
}
