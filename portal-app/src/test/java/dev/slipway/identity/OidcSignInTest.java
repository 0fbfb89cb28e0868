package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.Actor;
import dev.slipway.common.TeamRole;
import dev.slipway.testsupport.SlipwayTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Signing in through the identity provider, from a signed ID token to the local account: the user is
 * created without a password, gets the teams and roles its groups map to, and follows the groups on the
 * next sign-in; every change is audited. The provider is {@link LocalTokenIssuer}: no network.
 */
@SlipwayTest
class OidcSignInTest {

    @Autowired IdentityService identity;
    @Autowired JdbcTemplate jdbc;

    private final LocalTokenIssuer issuer = new LocalTokenIssuer();

    @Test
    void aFirstSignInCreatesAnExternalUserWithTheTeamsAndRolesOfItsGroups() {
        String username = IdentityFixtures.unique("sso");

        OidcUser user = signIn(username, List.of("payments-leads", "search-devs", "/platform/admins"));

        assertThat(user.getName()).isEqualTo(username);
        assertThat(user.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_USER", "ROLE_PLATFORM_ADMIN");
        assertThat(identity.user(username)).get()
                .satisfies(u -> assertThat(u.localAccount()).as("no password").isFalse())
                .satisfies(u -> assertThat(u.displayName()).isEqualTo("Display " + username))
                .satisfies(u -> assertThat(u.platformAdmin()).isTrue());
        Actor actor = identity.actor(username);
        assertThat(actor.teams()).containsExactlyInAnyOrderEntriesOf(Map.of("payments", TeamRole.LEAD,
                "search", TeamRole.ENGINEER));
        assertThat(auditActions(username)).contains("user.created", "team.member.set");
    }

    @Test
    void theNextSignInFollowsTheGroupsAndLeavesUnmappedTeamsAlone() {
        String username = IdentityFixtures.unique("sso");
        signIn(username, List.of("payments-leads", "search-devs", "/platform/admins"));
        Actor carol = identity.actor("carol");
        String ownTeam = IdentityFixtures.unique("own");
        identity.createTeam(carol, new IdentityService.NewTeam(ownTeam, "Managed in Slipway"));
        identity.setMembership(carol, ownTeam, username, TeamRole.LEAD);

        OidcUser again = signIn(username, List.of("payments-devs"));

        assertThat(again.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_USER");
        assertThat(identity.actor(username).teams()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "payments", TeamRole.ENGINEER, ownTeam, TeamRole.LEAD));
        assertThat(identity.user(username).orElseThrow().platformAdmin()).isFalse();
        assertThat(auditActions(username)).contains("team.member.removed", "user.changed");
    }

    @Test
    void theIdentityProviderCannotSignInAsALocalAccount() {
        assertThatThrownBy(() -> signIn("alice", List.of("/platform/admins")))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("local account");
        assertThat(identity.user("alice").orElseThrow().platformAdmin()).isFalse();
    }

    private OidcUser signIn(String username, List<String> groups) {
        var withIdentity = new SlipwayOidcUserService(OidcGroupMappingTest.SETTINGS, identity);
        return withIdentity.loadUser(issuer.signInRequest("sub-" + username, Map.of(
                "preferred_username", username, "name", "Display " + username, "groups", groups)));
    }

    private List<String> auditActions(String username) {
        return jdbc.queryForList("select action from audit_events where actor = ? and (target = ?"
                + " or details->>'user' = ?) order by id", String.class, IdentityService.IDENTITY_PROVIDER, username,
                username);
    }
}
