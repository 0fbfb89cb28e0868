package dev.slipway.clusters;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Per-environment guardrails a deployment must satisfy, checked when a request is made and again
 * before applying. Null limits mean "no limit". The release flow (docs/release-flow.md) adds
 * {@code promotionFrom} (the environment a revision must be HEALTHY in first), {@code soakMinutes} (for how
 * long) and {@code windows} (when syncs may start; none: always).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuardrailPolicy(
        Integer maxReplicas,
        String maxCpu,
        String maxMemory,
        List<String> allowedRegistries,
        Boolean requireLimits,
        Boolean forbidLatestTag,
        String promotionFrom,
        Integer soakMinutes,
        List<DeploymentWindow> windows) {

    public GuardrailPolicy {
        allowedRegistries = allowedRegistries == null ? List.of() : List.copyOf(allowedRegistries);
        windows = windows == null || windows.isEmpty() ? null : windows.stream().toList();
    }

    /** Guardrails without a release flow: no promotion source, no soak, always open. */
    public GuardrailPolicy(Integer maxReplicas, String maxCpu, String maxMemory, List<String> allowedRegistries,
            Boolean requireLimits, Boolean forbidLatestTag) {
        this(maxReplicas, maxCpu, maxMemory, allowedRegistries, requireLimits, forbidLatestTag, null, null, null);
    }

    /** The deployment windows; empty: syncs may start at any time. */
    public List<DeploymentWindow> deploymentWindows() {
        return windows == null ? List.of() : windows;
    }

    /** The windows in words, for pages: "MON, FRI 09:00-17:00 Europe/Berlin"; "always open" for none. */
    public String windowsInWords() {
        return DeploymentWindows.describe(deploymentWindows());
    }

    /** How long a revision must have been HEALTHY in {@link #promotionFrom()}; 0 when not set. */
    public int soak() {
        return soakMinutes == null ? 0 : soakMinutes;
    }

    public static GuardrailPolicy none() {
        return new GuardrailPolicy(null, null, null, List.of(), false, false, null, null, null);
    }

    public boolean limitsRequired() {
        return Boolean.TRUE.equals(requireLimits);
    }

    public boolean latestTagForbidden() {
        return Boolean.TRUE.equals(forbidLatestTag);
    }
}
