package dev.slipway.clusters;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Per-environment guardrails a deployment must satisfy, checked when a request is made and again
 * before applying. Null limits mean "no limit". {@code autoRollback}: a synced revision that is not HEALTHY
 * within {@code progressDeadlineSeconds} (null: {@value #DEFAULT_PROGRESS_DEADLINE_SECONDS}) is rolled back to
 * the last revision that was HEALTHY there (docs/auto-rollback.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuardrailPolicy(
        Integer maxReplicas,
        String maxCpu,
        String maxMemory,
        List<String> allowedRegistries,
        Boolean requireLimits,
        Boolean forbidLatestTag,
        Boolean autoRollback,
        Integer progressDeadlineSeconds) {

    /** Kubernetes' own default for a Deployment's progress deadline. */
    public static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

    /** The bounds a progress deadline must keep: long enough for a rollout, short enough to matter. */
    public static final int MIN_PROGRESS_DEADLINE_SECONDS = 10;

    public static final int MAX_PROGRESS_DEADLINE_SECONDS = 3600;

    /** Guardrails without automatic rollback. */
    public GuardrailPolicy(Integer maxReplicas, String maxCpu, String maxMemory, List<String> allowedRegistries,
            Boolean requireLimits, Boolean forbidLatestTag) {
        this(maxReplicas, maxCpu, maxMemory, allowedRegistries, requireLimits, forbidLatestTag, null, null);
    }

    public GuardrailPolicy {
        allowedRegistries = allowedRegistries == null ? List.of() : List.copyOf(allowedRegistries);
    }

    public static GuardrailPolicy none() {
        return new GuardrailPolicy(null, null, null, List.of(), false, false);
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
