package dev.slipway.clusters;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Per-environment guardrails a deployment must satisfy, checked when a request is made and again
 * before applying. Null limits mean "no limit".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuardrailPolicy(
        Integer maxReplicas,
        String maxCpu,
        String maxMemory,
        List<String> allowedRegistries,
        Boolean requireLimits,
        Boolean forbidLatestTag) {

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
}
