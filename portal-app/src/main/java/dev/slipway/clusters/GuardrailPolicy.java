package dev.slipway.clusters;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Per-environment guardrails a deployment must satisfy, checked when a request is made and again
 * before applying. Null limits mean "no limit". The release flow (docs/release-flow.md) adds
 * {@code promotionFrom} (the environment a revision must be HEALTHY in first), {@code soakMinutes} (for how
 * long) and {@code windows} (when syncs may start; none: always).
 * {@code autoRollback}: a synced revision that is not HEALTHY within {@code progressDeadlineSeconds} (null:
 * {@value #DEFAULT_PROGRESS_DEADLINE_SECONDS}) is rolled back to the last revision that was HEALTHY there
 * (docs/auto-rollback.md).

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
        List<DeploymentWindow> windows,
        Boolean autoRollback,
        Integer progressDeadlineSeconds) {

    /** Kubernetes' own default for a Deployment's progress deadline. */
    public static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

    /** The bounds a progress deadline must keep: long enough for a rollout, short enough to matter. */
    public static final int MIN_PROGRESS_DEADLINE_SECONDS = 10;

    public static final int MAX_PROGRESS_DEADLINE_SECONDS = 3600;

    public GuardrailPolicy {
        allowedRegistries = allowedRegistries == null ? List.of() : List.copyOf(allowedRegistries);
        windows = windows == null || windows.isEmpty() ? null : windows.stream().toList();
    }

    /** Guardrails without a release flow: no promotion source, no soak, always open, no automatic rollback. */
    public GuardrailPolicy(Integer maxReplicas, String maxCpu, String maxMemory, List<String> allowedRegistries,
            Boolean requireLimits, Boolean forbidLatestTag) {
        this(maxReplicas, maxCpu, maxMemory, allowedRegistries, requireLimits, forbidLatestTag, null, null, null, null,
                null);
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
        return new GuardrailPolicy(null, null, null, List.of(), false, false, null, null, null, null, null);
    }

    public boolean limitsRequired() {
        return Boolean.TRUE.equals(requireLimits);
    }

    public boolean latestTagForbidden() {
        return Boolean.TRUE.equals(forbidLatestTag);
    }

    public boolean rollsBackAutomatically() {
        return Boolean.TRUE.equals(autoRollback);
    }

    /** How long a synced revision has to become HEALTHY before it is rolled back (where that is on). */
    public int progressDeadline() {
        return progressDeadlineSeconds == null ? DEFAULT_PROGRESS_DEADLINE_SECONDS : progressDeadlineSeconds;
    }
}
