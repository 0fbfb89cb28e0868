package dev.slipway.identity;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.common.TeamRole;
import dev.slipway.database.LocalModeCondition;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The demo accounts and teams (docs/architecture.md, "REST API conventions"). Created in local mode (embedded database) and never with an
 * external database unless {@code slipway.demo-data=true}; {@code false} switches them off everywhere.
 */
@Component
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final Environment environment;
    private final UserAccountRepository users;
    private final TeamRepository teams;
    private final TeamMembershipRepository memberships;
    private final PasswordEncoder passwordEncoder;
    private final AuditTrail audit;

    DemoData(Environment environment, UserAccountRepository users, TeamRepository teams,
            TeamMembershipRepository memberships, PasswordEncoder passwordEncoder, AuditTrail audit) {
        this.environment = environment;
        this.users = users;
        this.teams = teams;
        this.memberships = memberships;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
    }

    static boolean enabled(Environment environment) {
        String setting = environment.getProperty("slipway.demo-data", "");
        if (setting.isBlank()) {
            return LocalModeCondition.isLocalMode(environment);
        }
        return Boolean.parseBoolean(setting);
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (!enabled(environment)) {
            return;
        }
        Team payments = team("payments", "Payments");
        Team search = team("search", "Search");
        member(payments, user("alice", "Alice Engineer", false), TeamRole.ENGINEER);
        member(payments, user("bob", "Bob Lead", false), TeamRole.LEAD);
        member(search, user("dave", "Dave Engineer", false), TeamRole.ENGINEER);
        member(search, user("erin", "Erin Lead", false), TeamRole.LEAD);
        user("carol", "Carol Platform", true);
    }

    private Team team(String slug, String name) {
        return teams.findBySlug(slug).orElseGet(() -> {
            Team team = teams.saveAndFlush(new Team(slug, name));
            audit.record(AuditEntry.of("system", "team.created", "team", slug).withTeam(slug)
                    .withDetails(Map.of("name", name, "demo", true)));
            return team;
        });
    }

    private UserAccount user(String username, String displayName, boolean platformAdmin) {
        return users.findByUsername(username).orElseGet(() -> {
            log.info("Demo account '{}' created; its password is its name.", username);
            UserAccount user = users.saveAndFlush(
                    new UserAccount(username, displayName, passwordEncoder.encode(username), platformAdmin));
            audit.record(AuditEntry.of("system", "user.created", "user", username)
                    .withDetails(Map.of("displayName", displayName, "platformAdmin", platformAdmin, "demo", true)));
            return user;
        });
    }

    private void member(Team team, UserAccount user, TeamRole role) {
        var key = new TeamMembership.Key(team.id(), user.id());
        if (memberships.findById(key).isEmpty()) {
            memberships.save(new TeamMembership(team.id(), user.id(), role));
            audit.record(AuditEntry.of("system", "team.member.set", "team", team.slug()).withTeam(team.slug())
                    .withDetails(Map.of("user", user.username(), "role", role.name(), "demo", true)));
        }
    }
}
