package dev.slipway.deploy.release;

import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.DeploymentWindows;
import dev.slipway.clusters.EnvironmentView;
import jakarta.annotation.Nullable;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The release flow's questions about now (docs/release-flow.md): is an environment's window open, when does it
 * open next, what runs healthy in the environment a revision is promoted from and which promotion gates are
 * unmet. Reads the one {@link Clock} bean, so tests decide what "now" is.
 */
@Component
public class ReleaseChecks {

    private final JdbcTemplate jdbc;
    private final ClusterService clusters;
    private final Clock clock;

    ReleaseChecks(JdbcTemplate jdbc, ClusterService clusters, Clock clock) {
        this.jdbc = jdbc;
        this.clusters = clusters;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Whether a sync may start in the environment now. */
    public boolean windowOpen(EnvironmentView environment) {
        return DeploymentWindows.isOpen(environment.policy().deploymentWindows(), now());
    }

    /** When the environment's windows open next; empty when there are none. */
    public Optional<Instant> nextOpening(EnvironmentView environment) {
        return DeploymentWindows.nextOpening(environment.policy().deploymentWindows(), now());
    }

    /** What runs in {@code environment} of the service, as the health judge last recorded it. */
    @Transactional(readOnly = true)
    public SourceHealth sourceHealth(long serviceId, EnvironmentView environment) {
        List<SourceHealth> found = jdbc.query("select revision, health, synced_at, health_changed_at from deployed_state"
                + " where service_id = ? and environment_id = ?", (rs, i) -> {
                    Instant synced = instant(rs.getTimestamp("synced_at"));
                    Instant changed = instant(rs.getTimestamp("health_changed_at"));
                    Instant since = changed == null || (synced != null && synced.isAfter(changed)) ? synced : changed;
                    return new SourceHealth(environment.name(), rs.getInt("revision"), rs.getString("health"), since);
                }, serviceId, environment.id());
        return found.isEmpty() ? new SourceHealth(environment.name(), null, null, null) : found.get(0);
    }

    /**
     * The unmet gates of {@code target}'s {@code promotionFrom} for the revision (null: whatever runs in the
     * source); empty when the environment has no promotion source.
     */
    @Transactional(readOnly = true)
    public List<Blocker> promotionGates(long serviceId, @Nullable Integer revision, EnvironmentView target) {
        String from = target.policy().promotionFrom();
        if (from == null) {
            return List.of();
        }
        Optional<EnvironmentView> source = clusters.environment(from);
        if (source.isEmpty()) {
            return List.of(new Blocker(Blocker.Kind.SOAK, target.name() + " takes revisions from " + from
                    + ", which no longer exists: a platform admin must change its policy.promotionFrom.", null));
        }
        return PromotionGates.unmet(target.name(), sourceHealth(serviceId, source.get()), revision,
                target.policy().soak(), now());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
