package dev.slipway.identity;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.ConflictException;
import dev.slipway.common.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The identity feature's public face: who people are, which teams exist, who belongs where. */
@Service
public class IdentityService {

    private final UserAccountRepository users;
    private final TeamRepository teams;
    private final TeamMembershipRepository memberships;
    private final PasswordEncoder passwordEncoder;
    private final AuditTrail audit;

    IdentityService(UserAccountRepository users, TeamRepository teams, TeamMembershipRepository memberships,
            PasswordEncoder passwordEncoder, AuditTrail audit) {
        this.users = users;
        this.teams = teams;
        this.memberships = memberships;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
    }

    /** The acting person with their current team roles. */
    @Transactional(readOnly = true)
    public Actor actor(String username) {
        UserAccount user = users.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("No user named '" + username + "'."));
        Map<String, TeamRole> roles = new LinkedHashMap<>();
        for (Object[] row : memberships.findTeamRolesOfUser(user.id())) {
            roles.put((String) row[0], (TeamRole) row[1]);
        }
        return new Actor(user.username(), user.displayName(), user.platformAdmin(), roles);
    }

    @Transactional(readOnly = true)
    public Optional<TeamView> team(String slug) {
        return teams.findBySlug(slug).map(IdentityService::view);
    }

    @Transactional(readOnly = true)
    public TeamView requireTeam(String slug) {
        return team(slug).orElseThrow(() -> new NotFoundException("No team named '" + slug + "'."));
    }

    @Transactional(readOnly = true)
    public Optional<TeamView> teamById(long id) {
        return teams.findById(id).map(IdentityService::view);
    }

    @Transactional(readOnly = true)
    public List<TeamView> teams() {
        return teams.findAllByOrderBySlugAsc().stream().map(IdentityService::view).toList();
    }

    @Transactional(readOnly = true)
    public List<TeamMember> members(String slug) {
        Team team = teams.findBySlug(slug).orElseThrow(() -> new NotFoundException("No team named '" + slug + "'."));
        return memberships.findMembersOfTeam(team.id()).stream()
                .map(row -> new TeamMember((String) row[0], (String) row[1], (TeamRole) row[2]))
                .toList();
    }

    @Transactional(readOnly = true)
    public List<UserView> users() {
        return users.findAllByOrderByUsernameAsc().stream()
                .map(u -> new UserView(u.username(), u.displayName(), u.platformAdmin(), u.passwordHash() != null))
                .toList();
    }

    @Transactional
    public TeamView createTeam(Actor actor, NewTeam command) {
        requirePlatformAdmin(actor, "create teams");
        if (teams.findBySlug(command.slug()).isPresent()) {
            throw new ConflictException("A team named '" + command.slug() + "' already exists.");
        }
        Team team = teams.saveAndFlush(new Team(command.slug(), command.name()));
        audit.record(AuditEntry.of(actor.username(), "team.created", "team", team.slug())
                .withTeam(team.slug())
                .withDetails(Map.of("name", team.name())));
        return view(team);
    }

    @Transactional
    public UserView createUser(Actor actor, NewUser command) {
        requirePlatformAdmin(actor, "create users");
        if (users.findByUsername(command.username()).isPresent()) {
            throw new ConflictException("A user named '" + command.username() + "' already exists.");
        }
        String hash = command.password() == null ? null : passwordEncoder.encode(command.password());
        UserAccount user = users.saveAndFlush(
                new UserAccount(command.username(), command.displayName(), hash, command.platformAdmin()));
        audit.record(AuditEntry.of(actor.username(), "user.created", "user", user.username())
                .withDetails(Map.of("displayName", user.displayName(), "platformAdmin", user.platformAdmin())));
        return new UserView(user.username(), user.displayName(), user.platformAdmin(), hash != null);
    }

    @Transactional
    public TeamMember setMembership(Actor actor, String teamSlug, String username, TeamRole role) {
        requirePlatformAdmin(actor, "manage team memberships");
        Team team = teams.findBySlug(teamSlug)
                .orElseThrow(() -> new NotFoundException("No team named '" + teamSlug + "'."));
        UserAccount user = users.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("No user named '" + username + "'."));
        var key = new TeamMembership.Key(team.id(), user.id());
        TeamMembership membership = memberships.findById(key).orElse(null);
        String previous = membership == null ? null : membership.role().name();
        if (membership == null) {
            memberships.save(new TeamMembership(team.id(), user.id(), role));
        } else {
            membership.changeRole(role);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("user", username);
        details.put("role", role.name());
        if (previous != null) {
            details.put("previousRole", previous);
        }
        audit.record(AuditEntry.of(actor.username(), "team.member.set", "team", team.slug())
                .withTeam(team.slug())
                .withDetails(details));
        return new TeamMember(user.username(), user.displayName(), role);
    }

    static void requirePlatformAdmin(Actor actor, String what) {
        if (!actor.platformAdmin()) {
            throw new AccessRefusedException("Only platform admins may " + what + ".");
        }
    }

    private static TeamView view(Team team) {
        return new TeamView(team.id(), team.slug(), team.name());
    }

    /** Command to create a team. */
    public record NewTeam(String slug, String name) {}

    /** Command to create a user; a null password makes an account that signs in externally. */
    public record NewUser(String username, String displayName, String password, boolean platformAdmin) {}

    /** A member of a team. */
    public record TeamMember(String username, String displayName, TeamRole role) {}

    /** A user as listed to platform admins; never includes the password hash. */
    public record UserView(String username, String displayName, boolean platformAdmin, boolean localAccount) {}
}
