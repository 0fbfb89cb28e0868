package dev.slipway.identity;

import dev.slipway.common.TeamRole;
import java.util.Map;
import java.util.Set;

/**
 * A person as the identity provider describes them at sign-in, already mapped to Slipway: their username,
 * the team roles their groups give, and which teams the mapping decides at all (a membership in any
 * other team is managed in Slipway and left alone). {@code platformAdmin} is null when the mapping does
 * not decide the flag.
 */
record ExternalIdentity(String username, String displayName, Set<String> groups, Map<String, TeamRole> teams,
        Set<String> mappedTeams, Boolean platformAdmin) {

    ExternalIdentity {
        groups = Set.copyOf(groups);
        teams = Map.copyOf(teams);
        mappedTeams = Set.copyOf(mappedTeams);
    }
}
