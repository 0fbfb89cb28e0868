package dev.slipway.identity;

import dev.slipway.common.TeamRole;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the claims of an ID token (and user info) into an {@link ExternalIdentity} by the configured group
 * mapping. Pure: no Spring, no database, so the mapping an operator writes can be tested on its own.
 * Several groups naming one team give the highest of their roles.
 */
final class OidcGroupMapping {

    private final OidcSettings settings;

    OidcGroupMapping(OidcSettings settings) {
        this.settings = settings;
    }

    /** Throws {@link IllegalArgumentException} with a message for the person signing in when a claim is unusable. */
    ExternalIdentity map(Map<String, Object> claims) {
        Object rawName = claims.get(settings.usernameClaim());
        if (!(rawName instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("The identity provider sent no '" + settings.usernameClaim()
                    + "' claim to use as your Slipway username (slipway.oidc.username-claim).");
        }
        String username = name.strip().toLowerCase(Locale.ROOT);
        if (!username.matches(IdentityRules.USERNAME_PATTERN)) {
            throw new IllegalArgumentException("The '" + settings.usernameClaim() + "' claim '" + name
                    + "' is not a usable Slipway username: " + IdentityRules.USERNAME_MESSAGE
                    + ". Choose another claim with slipway.oidc.username-claim.");
        }
        Object rawDisplay = claims.get(settings.displayNameClaim());
        String displayName = rawDisplay instanceof String text && !text.isBlank() ? text.strip() : username;
        if (displayName.length() > 200) {
            displayName = displayName.substring(0, 200);
        }
        Set<String> groups = groups(claims.get(settings.groupsClaim()));
        Map<String, TeamRole> teams = new TreeMap<>();
        boolean platformAdmin = false;
        for (String group : groups) {
            OidcSettings.GroupGrant grant = settings.groupMapping().get(group);
            if (grant == null) {
                continue;
            }
            platformAdmin |= grant.platformAdmin();
            if (grant.team() != null) {
                teams.merge(grant.team(), grant.role(), OidcGroupMapping::higher);
            }
        }
        Set<String> mappedTeams = new TreeSet<>();
        settings.groupMapping().values().stream()
                .map(OidcSettings.GroupGrant::team)
                .filter(team -> team != null)
                .forEach(mappedTeams::add);
        return new ExternalIdentity(username, displayName, groups, teams, mappedTeams,
                settings.mapsPlatformAdmin() ? platformAdmin : null);
    }

    /** Providers send groups as a JSON array; a few send one string. Keycloak's full paths stay as they are. */
    private static Set<String> groups(Object claim) {
        Set<String> groups = new LinkedHashSet<>();
        if (claim instanceof Collection<?> values) {
            values.stream().filter(v -> v != null).map(Object::toString).map(String::strip).forEach(groups::add);
        } else if (claim instanceof String value && !value.isBlank()) {
            groups.add(value.strip());
        }
        return groups;
    }

    private static TeamRole higher(TeamRole a, TeamRole b) {
        return a == TeamRole.LEAD || b == TeamRole.LEAD ? TeamRole.LEAD : TeamRole.ENGINEER;
    }
}
