package dev.slipway.audit;

import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whose events someone may read: platform admins everything, everyone else the events of their own
 * teams. Events without a team (user accounts, clusters, refused access) are for platform admins only.
 */
record AuditScope(boolean everything, Set<String> teams) {

    AuditScope {
        teams = Set.copyOf(teams);
    }

    static AuditScope of(Actor actor) {
        return new AuditScope(actor.platformAdmin(), actor.teams().keySet());
    }

    /**
     * The teams whose events a search may return, sorted; null means no restriction. Asking for a team
     * outside the scope is refused rather than answered with nothing, so the person knows why.
     */
    List<String> teamsFor(String requestedTeam) {
        if (everything) {
            return requestedTeam == null ? null : List.of(requestedTeam);
        }
        if (requestedTeam != null) {
            if (!teams.contains(requestedTeam)) {
                throw new AccessRefusedException("You may read the audit events of your own teams only"
                        + (teams.isEmpty() ? "; you belong to none." : ": " + String.join(", ", new TreeSet<>(teams)) + "."));
            }
            return List.of(requestedTeam);
        }
        return List.copyOf(new TreeSet<>(teams));
    }

    boolean sees(String team) {
        return everything || (team != null && teams.contains(team));
    }
}
