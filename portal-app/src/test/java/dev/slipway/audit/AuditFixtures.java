package dev.slipway.audit;

import dev.slipway.common.TeamRole;
import dev.slipway.identity.IdentityService;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two fresh teams with one engineer each, and a way to record events, so that tests sharing the one
 * database know exactly which events are theirs.
 */
final class AuditFixtures {

    static final String PASSWORD = "correct-horse-battery";

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String teamA = "aud-a-" + suffix;
    final String teamB = "aud-b-" + suffix;
    final String engineerA = "eng-a-" + suffix;
    final String engineerB = "eng-b-" + suffix;
    final String serviceA = "svc-a-" + suffix;
    final String serviceB = "svc-b-" + suffix;
    /** The actor of every event the fixture records, to find them again. */
    final String actor = "actor-" + suffix;

    private final AuditTrail trail;
    private final TransactionTemplate tx;
    private final JdbcTemplate jdbc;

    AuditFixtures(IdentityService identity, AuditTrail trail, TransactionTemplate tx, JdbcTemplate jdbc) {
        this.trail = trail;
        this.tx = tx;
        this.jdbc = jdbc;
        var carol = identity.actor("carol");
        identity.createTeam(carol, new IdentityService.NewTeam(teamA, "Team A"));
        identity.createTeam(carol, new IdentityService.NewTeam(teamB, "Team B"));
        identity.createUser(carol, new IdentityService.NewUser(engineerA, "Engineer A", PASSWORD, false));
        identity.createUser(carol, new IdentityService.NewUser(engineerB, "Engineer B", PASSWORD, false));
        identity.setMembership(carol, teamA, engineerA, TeamRole.ENGINEER);
        identity.setMembership(carol, teamB, engineerB, TeamRole.ENGINEER);
    }

    /** Records one event and returns its id. */
    long record(AuditEntry entry) {
        tx.executeWithoutResult(status -> trail.record(entry));
        return jdbc.queryForObject("select max(id) from audit_events where actor = ?", Long.class, entry.actor());
    }

    /** Records one event by the fixture's actor about {@code service} and returns its id. */
    long event(String action, String team, String service, String environment) {
        return record(new AuditEntry(actor, action, "service", service == null ? "none" : service, team, service,
                environment, Map.of("n", 1)));
    }
}
