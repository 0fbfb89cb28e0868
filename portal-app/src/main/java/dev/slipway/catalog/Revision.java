package dev.slipway.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An immutable snapshot of a service's spec and the secret versions it pins. */
@Entity
@Immutable
@Table(name = "revisions")
class Revision {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "service_id", nullable = false, updatable = false)
    private Long serviceId;

    @Column(nullable = false, updatable = false)
    private int number;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    private String spec;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "secret_versions", nullable = false, updatable = false, columnDefinition = "jsonb")
    private String secretVersions;

    @Column(name = "change_summary", nullable = false, updatable = false)
    private String changeSummary;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Revision() {}

    Revision(Long serviceId, int number, String spec, String secretVersions, String changeSummary, String createdBy,
            Instant createdAt) {
        this.serviceId = serviceId;
        this.number = number;
        this.spec = spec;
        this.secretVersions = secretVersions;
        this.changeSummary = changeSummary == null ? "" : changeSummary;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    Long serviceId() {
        return serviceId;
    }

    int number() {
        return number;
    }

    String spec() {
        return spec;
    }

    String secretVersions() {
        return secretVersions;
    }

    String changeSummary() {
        return changeSummary;
    }

    String createdBy() {
        return createdBy;
    }

    Instant createdAt() {
        return createdAt;
    }
}
