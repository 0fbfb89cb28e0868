package dev.slipway.approvals;

import dev.slipway.common.Actor;
import dev.slipway.deploy.requests.Approvers;
import java.util.List;
import java.util.Optional;

/**
 * Who may decide a deployment request and who may cancel it: the four-eyes rule as a pure function.
 * Only leads of the owning team decide, and never on a request they made themselves, so whatever
 * reaches an environment that needs approval was seen by two people. Platform admins run the
 * platform; they decide for a team only when they lead it. Cancelling only stops something from
 * being deployed, so the requester, the team's leads and platform admins may do it.
 *
 * <p>A team with a single lead could never get that lead's own requests decided, so an environment
 * may name a fallback approver group: a team whose leads decide a request there exactly when the owning
 * team has no lead other than the requester. The requester never decides, even as a fallback lead.
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

    /**
     * {@link #refusalToDecide(Actor, String, String)} in an environment whose fallback approver group is
     * {@code fallbackTeam} (null: none); {@code otherLeadExists}: the owning team has a lead besides the requester.
     */
    static Optional<String> refusalToDecide(Actor actor, String team, String requestedBy, String fallbackTeam,
            boolean otherLeadExists) {
        Optional<String> refusal = refusalToDecide(actor, team, requestedBy);
        if (refusal.isEmpty() || actor.username().equals(requestedBy) || fallbackTeam == null
                || !actor.isLeadOf(fallbackTeam)) {
            return refusal;
        }
        if (otherLeadExists) {
            return Optional.of("Leads of team '" + fallbackTeam + "' decide here only when team '" + team
                    + "' has no lead other than the requester; another lead of team '" + team + "' must decide.");
        }
        return Optional.empty();
    }

    /**
     * Who could decide a request of {@code team} that {@code requester} would make: the owning team's other
     * leads; when there are none, the other leads of the fallback approver group; otherwise nobody, said as
     * a warning that names what would help.
     */
    static Approvers approvers(String environment, boolean requiresApproval, String team, String requester,
            List<String> teamLeads, String fallbackTeam, List<String> fallbackLeads) {
        if (!requiresApproval) {
            return new Approvers(environment, requester, false, Approvers.Via.POLICY, List.of(), fallbackTeam,
                    environment + " needs no approval: the request is approved by policy and deployed at once.", null);
        }
        List<String> others = teamLeads.stream().filter(lead -> !lead.equals(requester)).sorted().toList();
        if (!others.isEmpty()) {
            return new Approvers(environment, requester, true, Approvers.Via.TEAM, others, fallbackTeam,
                    "Approved by a lead of team '" + team + "': " + String.join(", ", others) + ".", null);
        }
        String noLead = teamLeads.contains(requester)
                ? "You are the only lead of team '" + team + "', so no lead of it can approve your request"
                : "Team '" + team + "' has no lead who could approve this request";
        List<String> fallback = fallbackTeam == null ? List.of()
                : fallbackLeads.stream().filter(lead -> !lead.equals(requester)).sorted().toList();
        if (!fallback.isEmpty()) {
            String who = String.join(", ", fallback);
            return new Approvers(environment, requester, true, Approvers.Via.FALLBACK, fallback, fallbackTeam,
                    "Approved by a lead of team '" + fallbackTeam + "', the fallback approvers of " + environment
                            + ": " + who + ".",
                    noLead + ". Leads of team '" + fallbackTeam + "', the fallback approvers of " + environment
                            + ", can: " + who + ".");
        }
        String missing = fallbackTeam == null
                ? environment + " has no fallback approver group"
                : "the fallback approvers of " + environment + ", team '" + fallbackTeam + "', have no lead who could";
        return new Approvers(environment, requester, true, Approvers.Via.NOBODY, List.of(), fallbackTeam,
                "Nobody could approve this request.",
                noLead + ", and " + missing + ": nobody could approve it. Ask a platform admin to add a lead to team '"
                        + team + "' or to name fallback approvers for " + environment + ".");
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
