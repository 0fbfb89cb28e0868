package dev.slipway.clusters;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "environments")
class EnvironmentEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, updatable = false)
    private String name;

    @Column(name = "cluster_id", nullable = false)
    private Long clusterId;

    @Column(name = "namespace_template", nullable = false)
    private String namespaceTemplate;

    @Column(name = "promotion_order", nullable = false)
    private int promotionOrder;

    @Column(name = "requires_approval", nullable = false)
    private boolean requiresApproval;

    @Enumerated(EnumType.STRING)
    @Column(name = "drift_mode", nullable = false)
    private DriftMode driftMode;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String policy;

    @Column(name = "fallback_approvers")
    private String fallbackApprovers;

    @Column(name = "dashboard_url_template")
    private String dashboardUrlTemplate;

    @Column(name = "logs_url_template")
    private String logsUrlTemplate;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected EnvironmentEntry() {}

    EnvironmentEntry(String name, Long clusterId, String createdBy) {
        this.name = name;
        this.clusterId = clusterId;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    void configure(Long clusterId, String namespaceTemplate, int promotionOrder, boolean requiresApproval,
            DriftMode driftMode, String policyJson) {
        this.clusterId = clusterId;
        this.namespaceTemplate = namespaceTemplate;
        this.promotionOrder = promotionOrder;
        this.requiresApproval = requiresApproval;
        this.driftMode = driftMode;
        this.policy = policyJson;
        this.updatedAt = Instant.now();
    }

    Long id() {
        return id;
    }

    String name() {
        return name;
    }

    Long clusterId() {
        return clusterId;
    }

    String namespaceTemplate() {
        return namespaceTemplate;
    }

    int promotionOrder() {
        return promotionOrder;
    }

    boolean requiresApproval() {
        return requiresApproval;
    }

    DriftMode driftMode() {
        return driftMode;
    }

    String policy() {
        return policy;
    }

    String fallbackApprovers() {
        return fallbackApprovers;
    }

    String dashboardUrlTemplate() {
        return dashboardUrlTemplate;
    }

    String logsUrlTemplate() {
        return logsUrlTemplate;
    }

    /** Where the status page links for dashboards and logs (templates; null: no link). */
    void linkTo(String dashboardUrlTemplate, String logsUrlTemplate) {
        this.dashboardUrlTemplate = dashboardUrlTemplate;
        this.logsUrlTemplate = logsUrlTemplate;
        this.updatedAt = Instant.now();
    }

    /** The team whose leads decide requests here that no other lead of the owning team can; null: none. */
    void fallBackTo(String team) {
        this.fallbackApprovers = team;
        this.updatedAt = Instant.now();
    }
}
