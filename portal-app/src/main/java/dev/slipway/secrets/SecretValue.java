package dev.slipway.secrets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One version of a secret value (table {@code secret_values}). A set or delete appends a version and
 * revisions pin versions, so the only change a row ever sees is being re-sealed under a new master key:
 * same plaintext, same version. A null ciphertext marks a deletion.
 */
@Entity
@Table(name = "secret_values")
class SecretValue {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "service_id", nullable = false, updatable = false)
    private Long serviceId;

    @Column(name = "secret_key", nullable = false, updatable = false)
    private String secretKey;

    @Column(nullable = false, updatable = false)
    private String environment;

    @Column(nullable = false, updatable = false)
    private int version;

    @Column(columnDefinition = "bytea")
    private byte[] ciphertext;

    @Column(name = "key_id")
    private String keyId;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected SecretValue() {}

    private SecretValue(long serviceId, String secretKey, String environment, int version, SealedValue sealed,
            String createdBy, Instant createdAt) {
        this.serviceId = serviceId;
        this.secretKey = secretKey;
        this.environment = environment;
        this.version = version;
        this.ciphertext = sealed == null ? null : sealed.bytes();
        this.keyId = sealed == null ? null : sealed.keyId();
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    static SecretValue set(long serviceId, String key, String environment, int version, SealedValue sealed,
            String by, Instant at) {
        return new SecretValue(serviceId, key, environment, version, sealed, by, at);
    }

    static SecretValue tombstone(long serviceId, String key, String environment, int version, String by, Instant at) {
        return new SecretValue(serviceId, key, environment, version, null, by, at);
    }

    void reseal(SealedValue sealed) {
        this.ciphertext = sealed.bytes();
        this.keyId = sealed.keyId();
    }

    SecretAddress address() {
        return new SecretAddress(serviceId, environment, secretKey);
    }

    SealedValue sealed() {
        return ciphertext == null ? null : new SealedValue(keyId, ciphertext);
    }

    boolean deleted() {
        return ciphertext == null;
    }

    Long id() {
        return id;
    }

    String secretKey() {
        return secretKey;
    }

    String environment() {
        return environment;
    }

    int version() {
        return version;
    }

    String keyId() {
        return keyId;
    }

    String createdBy() {
        return createdBy;
    }

    Instant createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "SecretValue[service=" + serviceId + ", key=" + secretKey + ", environment=" + environment
                + ", version=" + version + (deleted() ? ", deleted" : ", keyId=" + keyId) + "]";
    }
}
