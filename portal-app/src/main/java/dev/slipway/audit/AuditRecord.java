package dev.slipway.audit;

import java.time.Instant;

/** An audit event as other features and pages see it. {@code details} is JSON text. */
public record AuditRecord(
        long id,
        Instant occurredAt,
        String actor,
        String action,
        String targetType,
        String target,
        String team,
        String service,
        String environment,
        String details) {}
