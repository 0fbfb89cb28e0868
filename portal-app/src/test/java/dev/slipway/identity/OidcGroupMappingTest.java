package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.TeamRole;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/** The group mapping an operator configures, applied to what an identity provider puts in an ID token. */
class OidcGroupMappingTest {

    static final OidcSettings SETTINGS = new OidcSettings(true, "oidc", "preferred_username", "name", "groups",
            "Acme SSO", Map.of(
                    "payments-devs", new OidcSettings.GroupGrant("payments", TeamRole.ENGINEER, false),
                    "payments-leads", new OidcSettings.GroupGrant("payments", TeamRole.LEAD, false),
                    "search-devs", new OidcSettings.GroupGrant("search", null, false),
                    "/platform/admins", new OidcSettings.GroupGrant(null, null, true)));

    private final OidcGroupMapping mapping = new OidcGroupMapping(SETTINGS);

    @Test
    void groupsBecomeTeamRolesAndTheHighestRoleOfATeamWins() {
        ExternalIdentity identity = mapping.map(user(Map.of("preferred_username", "Alice.Smith", "name", "Alice Smith",
                "groups", List.of("payments-devs", "payments-leads", "search-devs", "coffee-club"))).getClaims());

        assertThat(identity.username()).as("lowercased into a Slipway username").isEqualTo("alice.smith");
        assertThat(identity.displayName()).isEqualTo("Alice Smith");
        assertThat(identity.teams()).containsExactlyInAnyOrderEntriesOf(Map.of("payments", TeamRole.LEAD,
                "search", TeamRole.ENGINEER));
        assertThat(identity.mappedTeams()).containsExactlyInAnyOrder("payments", "search");
        assertThat(identity.platformAdmin()).as("no platform group").isFalse();
    }

    @Test
    void aPlatformGroupGrantsPlatformAdminAndNoTeam() {
        ExternalIdentity identity = mapping.map(user(Map.of("preferred_username", "carol",
                "groups", List.of("/platform/admins"))).getClaims());

        assertThat(identity.platformAdmin()).isTrue();
        assertThat(identity.teams()).isEmpty();
        assertThat(identity.displayName()).as("no name claim: the username").isEqualTo("carol");
    }

    @Test
    void withoutAPlatformGroupInTheMappingTheFlagIsLeftToSlipway() {
        OidcGroupMapping teamsOnly = new OidcGroupMapping(new OidcSettings(true, "oidc", "preferred_username", "name",
                "groups", "SSO", Map.of("payments-devs", new OidcSettings.GroupGrant("payments", null, false))));

        ExternalIdentity identity = teamsOnly.map(user(Map.of("preferred_username", "dave",
                "groups", List.of("payments-devs"))).getClaims());

        assertThat(identity.platformAdmin()).isNull();
        assertThat(identity.teams()).containsEntry("payments", TeamRole.ENGINEER);
    }

    @Test
    void aSingleGroupStringAndAMissingGroupsClaimAreUnderstood() {
        assertThat(mapping.map(user(Map.of("preferred_username", "erin", "groups", "payments-leads")).getClaims()).teams())
                .containsEntry("payments", TeamRole.LEAD);
        assertThat(mapping.map(user(Map.of("preferred_username", "frank")).getClaims()).teams()).isEmpty();
    }

    @Test
    void aUsernameClaimThatIsNoSlipwayUsernameIsRefusedWithTheSettingToChange() {
        assertThatThrownBy(() -> mapping.map(user(Map.of("preferred_username", "alice@example.com")).getClaims()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slipway.oidc.username-claim");
        assertThatThrownBy(() -> mapping.map(user(Map.of("email", "bob@example.com")).getClaims()))
                .hasMessageContaining("no 'preferred_username' claim");
    }

    @Test
    void aGrantWithNeitherTeamNorPlatformAdminIsAConfigurationError() {
        assertThatThrownBy(() -> new OidcSettings(true, "oidc", "preferred_username", "name", "groups", "SSO",
                Map.of("nobody", new OidcSettings.GroupGrant(null, TeamRole.LEAD, false))))
                .hasMessageContaining("slipway.oidc.group-mapping.nobody");
    }

    /** An OIDC user as Spring Security builds it from a validated ID token. */
    static OidcUser user(Map<String, Object> claims) {
        Map<String, Object> all = new java.util.HashMap<>(claims);
        all.put("sub", "subject-" + claims.getOrDefault("preferred_username", "x"));
        all.put("iss", "https://idp.example.test");
        return new DefaultOidcUser(List.of(), new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60), all));
    }
}
