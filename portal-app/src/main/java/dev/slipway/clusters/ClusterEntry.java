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

/** A cluster Slipway deploys to; its kubeconfig is stored encrypted, never in the clear. */
@Entity
@Table(name = "clusters")
class ClusterEntry {

    enum Connection {
        KUBECONFIG,
        IN_CLUSTER
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, updatable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Connection connection;

    @Column(name = "kubeconfig_ciphertext")
    private byte[] kubeconfigCiphertext;

    @Column(name = "kubeconfig_key_id")
    private String kubeconfigKeyId;

    private String server;

    @Column(nullable = false)
    private boolean reachable;

    private String version;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "checked_at")
    private Instant checkedAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected ClusterEntry() {}

    ClusterEntry(String name, Connection connection, byte[] ciphertext, String keyId, String server, String createdBy) {
        this.name = name;
        this.connection = connection;
        this.kubeconfigCiphertext = ciphertext;
        this.kubeconfigKeyId = keyId;
        this.server = server;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    void checked(ConnectionCheck check) {
        this.reachable = check.reachable();
        this.version = check.reachable() ? check.version() : this.version;
        this.lastError = check.reachable() ? null : truncate(check.error(), 2000);
        this.checkedAt = check.checkedAt();
    }

    /** Reached from now on with another kubeconfig (an in-cluster connection becomes a kubeconfig one). */
    void reconnect(byte[] ciphertext, String keyId, String server) {
        this.connection = Connection.KUBECONFIG;
        this.kubeconfigCiphertext = ciphertext;
        this.kubeconfigKeyId = keyId;
        this.server = server;
    }

    void reseal(byte[] ciphertext, String keyId) {
        this.kubeconfigCiphertext = ciphertext;
        this.kubeconfigKeyId = keyId;
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    Long id() {
        return id;
    }

    String name() {
        return name;
    }

    Connection connection() {
        return connection;
    }

    byte[] kubeconfigCiphertext() {
        return kubeconfigCiphertext;
    }

    String kubeconfigKeyId() {
        return kubeconfigKeyId;
    }

    String server() {
        return server;
    }

    boolean reachable() {
        return reachable;
    }

    String version() {
        return version;
    }

    String lastError() {
        return lastError;
    }

    Instant checkedAt() {
        return checkedAt;
    }

    String createdBy() {
        return createdBy;
    }

    Instant createdAt() {
        return createdAt;
    }
}
