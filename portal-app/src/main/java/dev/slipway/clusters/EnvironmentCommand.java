package dev.slipway.clusters;

/** Create or change an environment; null fields take their defaults. */
public record EnvironmentCommand(
        String name,
        String cluster,
        String namespaceTemplate,
        Integer order,
        Boolean requiresApproval,
        DriftMode driftMode,
        GuardrailPolicy policy) {}
