package dev.slipway.audit;

import java.util.Map;
import java.util.Objects;

/**
 * What a feature asks the audit trail to record. {@code details} must never hold a secret value:
 * callers pass key names, versions and who set them, never the value.
 */
public record AuditEntry(
        String actor,
        String action,
        String targetType,
        String target,
        String team,
        String service,
        String environment,
        Map<String, ?> details) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(targetType, "targetType");
        Objects.requireNonNull(target, "target");
        details = details == null ? Map.of() : details;
    }

    public static AuditEntry of(String actor, String action, String targetType, String target) {
        return new AuditEntry(actor, action, targetType, target, null, null, null, Map.of());
    }

    public AuditEntry withTeam(String team) {
        return new AuditEntry(actor, action, targetType, target, team, service, environment, details);
    }

    public AuditEntry withService(String service) {
        return new AuditEntry(actor, action, targetType, target, team, service, environment, details);
    }

    public AuditEntry withEnvironment(String environment) {
        return new AuditEntry(actor, action, targetType, target, team, service, environment, details);
    }

    public AuditEntry withDetails(Map<String, ?> details) {
        return new AuditEntry(actor, action, targetType, target, team, service, environment, details);
    }
}
