package dev.slipway.identity;

import dev.slipway.common.TeamRole;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sign-in through an OpenID Connect identity provider ({@code slipway.oidc.*}). The provider itself is
 * a Spring Security client registration ({@code spring.security.oauth2.client.registration.<registrationId>.*});
 * this says which claims name the person and their groups, and which groups make whom a member of
 * which team. A group maps to a team with a role, or to the platform-admin flag:
 *
 * <pre>
 * slipway.oidc.group-mapping:
 *   payments-devs:  {team: payments, role: ENGINEER}
 *   payments-leads: {team: payments, role: LEAD}
 *   platform:       {platform-admin: true}
 * </pre>
 */
@ConfigurationProperties(prefix = "slipway.oidc")
@Validated
record OidcSettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("oidc") @NotBlank String registrationId,
        @DefaultValue("preferred_username") @NotBlank String usernameClaim,
        @DefaultValue("name") @NotBlank String displayNameClaim,
        @DefaultValue("groups") @NotBlank String groupsClaim,
        @DefaultValue("your identity provider") @NotBlank String providerName,
        Map<String, GroupGrant> groupMapping) {

    OidcSettings {
        groupMapping = groupMapping == null ? Map.of() : groupMapping;
        groupMapping.forEach((group, grant) -> {
            if (grant == null || (grant.team() == null && !grant.platformAdmin())) {
                throw new IllegalArgumentException("slipway.oidc.group-mapping." + group
                        + " must name a team (team: <slug>, role: ENGINEER or LEAD) or grant platform-admin: true");
            }
        });
        groupMapping = Map.copyOf(groupMapping);
    }

    /** What membership of one identity-provider group gives: a team role, the platform-admin flag, or both. */
    record GroupGrant(String team, TeamRole role, boolean platformAdmin) {

        GroupGrant {
            team = team == null || team.isBlank() ? null : team.strip();
            role = team != null && role == null ? TeamRole.ENGINEER : role;
        }
    }

    /** Whether the mapping decides the platform-admin flag; without any such group it is managed in Slipway. */
    boolean mapsPlatformAdmin() {
        return groupMapping.values().stream().anyMatch(GroupGrant::platformAdmin);
    }
}
