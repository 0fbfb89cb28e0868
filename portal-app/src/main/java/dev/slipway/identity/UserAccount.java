package dev.slipway.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person who signs in: a local account with a BCrypt hash, or an external one without. */
@Entity
@Table(name = "users")
class UserAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, updatable = false)
    private String username;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(name = "password_hash")
    private String passwordHash;

    @Column(name = "platform_admin", nullable = false)
    private boolean platformAdmin;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected UserAccount() {}

    UserAccount(String username, String displayName, String passwordHash, boolean platformAdmin) {
        this.username = username;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.platformAdmin = platformAdmin;
        this.enabled = true;
        this.createdAt = Instant.now();
    }

    /** The identity provider is the source of truth for an external account's name and, if mapped, admin flag. */
    void updateFromIdentityProvider(String displayName, boolean platformAdmin) {
        this.displayName = displayName;
        this.platformAdmin = platformAdmin;
    }

    Long id() {
        return id;
    }

    String username() {
        return username;
    }

    String displayName() {
        return displayName;
    }

    String passwordHash() {
        return passwordHash;
    }

    boolean platformAdmin() {
        return platformAdmin;
    }

    boolean enabled() {
        return enabled;
    }
}
