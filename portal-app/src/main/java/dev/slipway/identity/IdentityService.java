package dev.slipway.identity;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.common.TeamRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The identity feature's public face: who people are, which teams exist, who belongs where. */
@Service
public class IdentityService {

    /** The audit actor of changes the identity provider's claims make at sign-in. */
    static final String IDENTITY_PROVIDER = "identity-provider";

    private static final Logger log = LoggerFactory.getLogger(IdentityService.class);

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

    /** Up to {@code limit} teams whose slug sorts after {@code afterSlug} (null for the first page). */
    @Transactional(readOnly = true)
    public List<TeamView> teams(String afterSlug, int limit) {
        return teams.findBySlugGreaterThanOrderBySlugAsc(afterSlug == null ? "" : afterSlug, Limit.of(limit)).stream()
                .map(IdentityService::view)
                .toList();
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
                .map(IdentityService::view)
                .toList();
    }

    /** Up to {@code limit} users whose username sorts after {@code afterUsername} (null for the first page). */
    @Transactional(readOnly = true)
    public List<UserView> users(String afterUsername, int limit) {
        return users.findByUsernameGreaterThanOrderByUsernameAsc(afterUsername == null ? "" : afterUsername,
                        Limit.of(limit)).stream()
                .map(IdentityService::view)
                .toList();
    }

    @Transactional(readOnly = true)
    public Optional<UserView> user(String username) {
        return users.findByUsername(username).map(IdentityService::view);
    }

    @Transactional
    public TeamView createTeam(Actor actor, NewTeam command) {
        requirePlatformAdmin(actor, "create teams");
        List<FieldProblem> problems = new ArrayList<>();
        IdentityRules.slugProblem(command.slug()).ifPresent(message -> problems.add(new FieldProblem("slug", message)));
        if (!fitsName(command.name())) {
            problems.add(new FieldProblem("name", IdentityRules.TEAM_NAME_MESSAGE));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (teams.findBySlug(command.slug()).isPresent()) {
            throw new ConflictException("A team named '" + command.slug() + "' already exists.");
        }
        Team team = teams.saveAndFlush(new Team(command.slug(), command.name().strip()));
        audit.record(AuditEntry.of(actor.username(), "team.created", "team", team.slug())
                .withTeam(team.slug())
                .withDetails(Map.of("name", team.name())));
        return view(team);
    }

    @Transactional
    public UserView createUser(Actor actor, NewUser command) {
        requirePlatformAdmin(actor, "create users");
        List<FieldProblem> problems = new ArrayList<>();
        if (command.username() == null || !command.username().matches(IdentityRules.USERNAME_PATTERN)) {
            problems.add(new FieldProblem("username", IdentityRules.USERNAME_MESSAGE));
        }
        if (!fitsName(command.displayName())) {
            problems.add(new FieldProblem("displayName", IdentityRules.DISPLAY_NAME_MESSAGE));
        }
        if (command.password() != null && !IdentityRules.acceptablePassword(command.password())) {
            problems.add(new FieldProblem("password", IdentityRules.PASSWORD_MESSAGE));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (users.findByUsername(command.username()).isPresent()) {
            throw new ConflictException("A user named '" + command.username() + "' already exists.");
        }
        String hash = command.password() == null ? null : passwordEncoder.encode(command.password());
        UserAccount user = users.saveAndFlush(
                new UserAccount(command.username(), command.displayName().strip(), hash, command.platformAdmin()));
        audit.record(AuditEntry.of(actor.username(), "user.created", "user", user.username())
                .withDetails(Map.of("displayName", user.displayName(), "platformAdmin", user.platformAdmin(),
                        "localAccount", hash != null)));
        return view(user);
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

    /** Takes a user out of a team. Refused with 404 when they are not a member, so nothing is audited then. */
    @Transactional
    public void removeMember(Actor actor, String teamSlug, String username) {
        requirePlatformAdmin(actor, "manage team memberships");
        Team team = teams.findBySlug(teamSlug)
                .orElseThrow(() -> new NotFoundException("No team named '" + teamSlug + "'."));
        UserAccount user = users.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("No user named '" + username + "'."));
        TeamMembership membership = memberships.findById(new TeamMembership.Key(team.id(), user.id()))
                .orElseThrow(() -> new NotFoundException("'" + username + "' is not a member of team '" + teamSlug + "'."));
        memberships.delete(membership);
        audit.record(AuditEntry.of(actor.username(), "team.member.removed", "team", team.slug())
                .withTeam(team.slug())
                .withDetails(Map.of("user", username, "previousRole", membership.role().name())));
    }

    /**
     * Brings the local account of a person who signed in through the identity provider up to date: creates
     * it (without a password) on first sign-in, follows name and mapped platform-admin flag, and sets or
     * removes memberships of the teams the group mapping names. Every change is audited with actor
     * {@value #IDENTITY_PROVIDER}. Refused when a local account with a password has that name, so an
     * identity provider user can never take over a local account.
     */
    @Transactional
    UserView signInExternal(ExternalIdentity external) {
        UserAccount user = users.findByUsername(external.username()).orElse(null);
        if (user == null) {
            boolean admin = Boolean.TRUE.equals(external.platformAdmin());
            user = users.saveAndFlush(new UserAccount(external.username(), external.displayName(), null, admin));
            audit.record(AuditEntry.of(IDENTITY_PROVIDER, "user.created", "user", user.username())
                    .withDetails(Map.of("displayName", user.displayName(), "platformAdmin", admin,
                            "localAccount", false, "groups", List.copyOf(external.groups()))));
        } else if (user.passwordHash() != null) {
            throw new ConflictException("'" + external.username() + "' is a local account with a password; the"
                    + " identity provider cannot sign in as it. Rename one of the two accounts.");
        } else {
            boolean admin = external.platformAdmin() == null ? user.platformAdmin() : external.platformAdmin();
            if (!user.displayName().equals(external.displayName()) || user.platformAdmin() != admin) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("displayName", external.displayName());
                details.put("platformAdmin", admin);
                details.put("previousDisplayName", user.displayName());
                details.put("previousPlatformAdmin", user.platformAdmin());
                user.updateFromIdentityProvider(external.displayName(), admin);
                audit.record(AuditEntry.of(IDENTITY_PROVIDER, "user.changed", "user", user.username())
                        .withDetails(details));
            }
        }
        for (String slug : external.mappedTeams()) {
            syncMembership(user, slug, external.teams().get(slug));
        }
        return view(user);
    }

    private void syncMembership(UserAccount user, String slug, TeamRole wanted) {
        Team team = teams.findBySlug(slug).orElse(null);
        if (team == null) {
            if (wanted != null) {
                log.warn("slipway.oidc.group-mapping names team '{}', which does not exist; create it so that"
                        + " sign-ins can add members to it", slug);
            }
            return;
        }
        var key = new TeamMembership.Key(team.id(), user.id());
        TeamMembership membership = memberships.findById(key).orElse(null);
        if (wanted == null) {
            if (membership != null) {
                memberships.delete(membership);
                audit.record(AuditEntry.of(IDENTITY_PROVIDER, "team.member.removed", "team", team.slug())
                        .withTeam(team.slug())
                        .withDetails(Map.of("user", user.username(), "previousRole", membership.role().name())));
            }
            return;
        }
        if (membership != null && membership.role() == wanted) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("user", user.username());
        details.put("role", wanted.name());
        if (membership == null) {
            memberships.save(new TeamMembership(team.id(), user.id(), wanted));
        } else {
            details.put("previousRole", membership.role().name());
            membership.changeRole(wanted);
        }
        audit.record(AuditEntry.of(IDENTITY_PROVIDER, "team.member.set", "team", team.slug())
                .withTeam(team.slug())
                .withDetails(details));
    }

    private static boolean fitsName(String name) {
        return name != null && !name.isBlank() && name.strip().length() <= 200;
    }

    /** The rule is {@link IdentityAccess}'s, the one place that decides it (docs/architecture.md, "Authorization"). */
    static void requirePlatformAdmin(Actor actor, String what) {
        IdentityAccess.requireAdministrator(actor, what);
    }

    private static TeamView view(Team team) {
        return new TeamView(team.id(), team.slug(), team.name());
    }

    private static UserView view(UserAccount user) {
        return new UserView(user.username(), user.displayName(), user.platformAdmin(), user.passwordHash() != null);
    }

    /** Command to create a team. */
    public record NewTeam(String slug, String name) {}

    /** Command to create a user; a null password makes an account that signs in externally. */
    public record NewUser(String username, String displayName, String password, boolean platformAdmin) {

        /** Leaves the password out, so that no log line or error message can ever show it. */
        @Override
        public String toString() {
            return "NewUser[username=" + username + ", displayName=" + displayName + ", platformAdmin=" + platformAdmin
                    + "]";
        }
    }

    /** A member of a team. */
    public record TeamMember(String username, String displayName, TeamRole role) {}

    /** A user as listed to platform admins; never includes the password hash. */
    public record UserView(String username, String displayName, boolean platformAdmin, boolean localAccount) {}
}
