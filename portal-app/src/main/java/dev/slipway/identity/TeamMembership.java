package dev.slipway.identity;

import dev.slipway.common.TeamRole;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

@Entity
@Table(name = "team_memberships")
class TeamMembership {

    @Embeddable
    record Key(@Column(name = "team_id") Long teamId, @Column(name = "user_id") Long userId) implements Serializable {}

    @EmbeddedId
    private Key id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TeamRole role;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected TeamMembership() {}

    TeamMembership(Long teamId, Long userId, TeamRole role) {
        this.id = new Key(teamId, userId);
        this.role = role;
        this.createdAt = Instant.now();
    }

    Key id() {
        return id;
    }

    TeamRole role() {
        return role;
    }

    void changeRole(TeamRole role) {
        this.role = role;
    }
}
