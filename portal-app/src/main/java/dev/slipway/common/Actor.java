package dev.slipway.common;

import java.util.Map;

/**
 * Who is acting, as other features see it: name, platform-admin flag and team roles. Loaded fresh
 * for each request, so a membership change takes effect at once.
 */
public record Actor(String username, String displayName, boolean platformAdmin, Map<String, TeamRole> teams) {

    public Actor {
        teams = Map.copyOf(teams);
    }

    /**
     * Whether this person may work on the team's services where the rule is "the team and the platform":
     * its members and platform admins (logs, re-apply, restart, the service's history).
     */
    public boolean isMemberOrAdminOf(String team) {
        return platformAdmin || isMemberOf(team);
    }

    public boolean isMemberOf(String team) {
        return teams.containsKey(team);
    }

    public boolean isLeadOf(String team) {
        return teams.get(team) == TeamRole.LEAD;
    }
}
