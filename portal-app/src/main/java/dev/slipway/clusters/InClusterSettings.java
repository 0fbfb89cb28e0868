package dev.slipway.clusters;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * In-cluster mode ({@code slipway.in-cluster.*}): with {@code register=true} Slipway registers the cluster
 * it runs in, reached with the pod's service account, under {@code cluster-name} on startup, and an
 * environment on it when {@code environment.name} is set. Done once; what exists is left as it is, so a
 * platform admin's later changes stick.
 */
@ConfigurationProperties(prefix = "slipway.in-cluster")
@Validated
record InClusterSettings(
        @DefaultValue("false") boolean register,
        @DefaultValue("in-cluster") @NotBlank @Pattern(regexp = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$") String clusterName,
        @DefaultValue @Valid Environment environment) {

    /** The environment to create on the in-cluster cluster; none when {@code name} is blank. */
    record Environment(
            String name,
            @DefaultValue("{team}-{environment}") String namespaceTemplate,
            @DefaultValue("false") boolean requiresApproval,
            @DefaultValue("DETECT") DriftMode driftMode) {}
}
