package dev.slipway.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "teams")
class Team {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, updatable = false)
    private String slug;

    @Column(nullable = false)
    private String name;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Team() {}

    Team(String slug, String name) {
        this.slug = slug;
        this.name = name;
        this.createdAt = Instant.now();
    }

    Long id() {
        return id;
    }

    String slug() {
        return slug;
    }

    String name() {
        return name;
    }

    Instant createdAt() {
        return createdAt;
    }
}
