package dev.slipway.approvals;

import dev.slipway.identity.Actor;
import java.util.Optional;

/**
 * Who may decide a deployment request and who may cancel it: the four-eyes rule as a pure function.
 * Only leads of the owning team decide, and never on a request they made themselves, so whatever
 * reaches an environment that needs approval was seen by two people. Platform admins run the
 * platform; they decide for a team only when they lead it. Cancelling only stops something from
 * being deployed, so the requester, the team's leads and platform admins may do it.
 */
final class FourEyesRule {

    private FourEyesRule() {}

    /** Why {@code actor} may not approve or reject a request of {@code team} by {@code requestedBy}; empty if they may. */
    static Optional<String> refusalToDecide(Actor actor, String team, String requestedBy) {
        if (actor.username().equals(requestedBy)) {
            return Optional.of("Nobody decides on their own deployment request: " + requestedBy + " asked for this"
                    + " one, so another lead of team '" + team + "' must approve or reject it.");
        }
        if (!actor.isLeadOf(team)) {
            return Optional.of("Only leads of team '" + team + "' approve or reject its deployment requests"
                    + (actor.platformAdmin() ? "; being a platform admin does not make you one." : "."));
        }
        return Optional.empty();
    }

    /** Why {@code actor} may not cancel a request of {@code team} made by {@code requestedBy}; empty if they may. */
    static Optional<String> refusalToCancel(Actor actor, String team, String requestedBy) {
        if (actor.username().equals(requestedBy) || actor.isLeadOf(team) || actor.platformAdmin()) {
            return Optional.empty();
        }
        return Optional.of("Only the requester (" + requestedBy + "), a lead of team '" + team
                + "' or a platform admin may cancel this request.");
    }
}
