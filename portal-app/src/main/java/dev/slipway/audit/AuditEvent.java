package dev.slipway.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One row of the append-only audit trail. Never changed after insert (a trigger refuses it). */
@Entity
@Table(name = "audit_events")
class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(nullable = false, updatable = false)
    private String actor;

    @Column(nullable = false, updatable = false)
    private String action;

    @Column(name = "target_type", nullable = false, updatable = false)
    private String targetType;

    @Column(nullable = false, updatable = false)
    private String target;

    @Column(updatable = false)
    private String team;

    @Column(updatable = false)
    private String service;

    @Column(updatable = false)
    private String environment;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    private String details;

    @Column(name = "prev_hash", nullable = false, updatable = false, length = 64, columnDefinition = "bpchar(64)")
    private String prevHash;

    @Column(nullable = false, updatable = false, length = 64, columnDefinition = "bpchar(64)")
    private String hash;

    protected AuditEvent() {}

    AuditEvent(AuditEntry entry, String canonicalDetails, Instant occurredAt, String prevHash, String hash) {
        this.occurredAt = occurredAt;
        this.actor = entry.actor();
        this.action = entry.action();
        this.targetType = entry.targetType();
        this.target = entry.target();
        this.team = entry.team();
        this.service = entry.service();
        this.environment = entry.environment();
        this.details = canonicalDetails;
        this.prevHash = prevHash;
        this.hash = hash;
    }

    Long id() {
        return id;
    }

    Instant occurredAt() {
        return occurredAt;
    }

    String actor() {
        return actor;
    }

    String action() {
        return action;
    }

    String targetType() {
        return targetType;
    }

    String target() {
        return target;
    }

    String team() {
        return team;
    }

    String service() {
        return service;
    }

    String environment() {
        return environment;
    }

    String details() {
        return details;
    }

    String prevHash() {
        return prevHash;
    }

    String hash() {
        return hash;
    }
}
