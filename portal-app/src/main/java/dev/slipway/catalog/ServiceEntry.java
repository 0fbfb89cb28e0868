package dev.slipway.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A registered service (table {@code services}); named so it does not clash with Spring's {@code @Service}. */
@Entity
@Table(name = "services")
class ServiceEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, updatable = false)
    private String name;

    @Column(name = "team_id", nullable = false)
    private Long teamId;

    @Column(nullable = false)
    private String description;

    @Column(name = "repository_url")
    private String repositoryUrl;

    @Column(name = "latest_revision", nullable = false)
    private int latestRevision;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ServiceEntry() {}

    ServiceEntry(String name, Long teamId, String description, String repositoryUrl, String createdBy, Instant now) {
        this.name = name;
        this.teamId = teamId;
        this.description = description == null ? "" : description;
        this.repositoryUrl = repositoryUrl;
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Takes the next revision number; the caller holds the row lock, so numbers never collide. */
    int nextRevision(Instant now) {
        latestRevision++;
        updatedAt = now;
        return latestRevision;
    }

    void describe(String description, String repositoryUrl, Instant now) {
        this.description = description == null ? "" : description;
        this.repositoryUrl = repositoryUrl;
        this.updatedAt = now;
    }

    Long id() {
        return id;
    }

    String name() {
        return name;
    }

    Long teamId() {
        return teamId;
    }

    String description() {
        return description;
    }

    String repositoryUrl() {
        return repositoryUrl;
    }

    int latestRevision() {
        return latestRevision;
    }

    String createdBy() {
        return createdBy;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
