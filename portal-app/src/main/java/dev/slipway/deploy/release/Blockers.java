package dev.slipway.deploy.release;

import dev.slipway.clusters.DeploymentWindow;
import dev.slipway.clusters.DeploymentWindows;
import dev.slipway.deploy.requests.Approvers;
import dev.slipway.deploy.requests.RequestState;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a request waits, in words (docs/release-flow.md, "Blockers"): a pure function of what is known about
 * it, so the page and {@code GET /api/v1/deployments/{id}/blockers} say the same. Empty when nothing holds
 * it (it is under way, or over).
 */
public final class Blockers {

    private Blockers() {}

    /**
     * What is known about a request when it is asked why it waits. {@code approvers}: who could approve it
     * (needed while it waits for approval); {@code guardrailProblems}: what its objects break now;
     * {@code promotionGates}: the unmet gates of the environment's {@code promotionFrom}; {@code olderActive}:
     * the ids of older requests of the same service and environment that are still under way.
     */
    public record Facts(RequestState state, String team, String environment, @Nullable Approvers approvers,
            List<String> guardrailProblems, List<Blocker> promotionGates, List<DeploymentWindow> windows,
            boolean windowOverridden, List<Long> olderActive, Instant now) {}

    public static List<Blocker> of(Facts facts) {
        List<Blocker> blockers = new ArrayList<>();
        RequestState state = facts.state();
        boolean waiting = state == RequestState.PENDING_APPROVAL || state == RequestState.APPROVED
                || state == RequestState.WAITING_FOR_WINDOW;
        if (!waiting) {
            return blockers;
        }
        for (String problem : facts.guardrailProblems()) {
            blockers.add(new Blocker(Blocker.Kind.GUARDRAIL, "Refused by the guardrails of " + facts.environment()
                    + ": " + problem + ".", null));
        }
        if (state == RequestState.PENDING_APPROVAL) {
            blockers.add(new Blocker(Blocker.Kind.APPROVAL, approval(facts.team(), facts.approvers()), null));
            blockers.addAll(facts.promotionGates());
        }
        if (!facts.windowOverridden() && !DeploymentWindows.isOpen(facts.windows(), facts.now())) {
            Optional<Instant> next = DeploymentWindows.nextOpening(facts.windows(), facts.now());
            blockers.add(new Blocker(Blocker.Kind.WINDOW, "Outside the deployment windows of " + facts.environment()
                    + " (" + DeploymentWindows.describe(facts.windows()) + ")"
                    + next.map(at -> "; next opening at " + PromotionGates.seconds(at)).orElse("")
                    + (state == RequestState.PENDING_APPROVAL ? "; once approved it waits for it" : "")
                    + ". A lead of the team may start it now, saying why.", next.orElse(null)));
        }
        if (state == RequestState.APPROVED && !facts.olderActive().isEmpty()) {
            blockers.add(new Blocker(Blocker.Kind.ORDER, "An older request of this service in " + facts.environment()
                    + " is still syncing (" + String.join(", ", facts.olderActive().stream().map(id -> "#" + id).toList())
                    + "); this one starts after it.", null));
        }
        return blockers;
    }

    private static String approval(String team, @Nullable Approvers approvers) {
        if (approvers == null || approvers.via() == Approvers.Via.POLICY) {
            return "Waiting for approval by a lead of team '" + team + "'.";
        }
        String who = String.join(", ", approvers.usernames());
        return switch (approvers.via()) {
            case TEAM -> "Waiting for approval by a lead of team '" + team + "' (" + who + ").";
            case FALLBACK -> "Waiting for approval by a lead of team '" + approvers.fallbackTeam() + "', the fallback"
                    + " approvers of " + approvers.environment() + " (" + who + ").";
            default -> "Waiting for approval, but " + lowerFirst(approvers.warning() == null ? approvers.summary()
                    : approvers.warning());
        };
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
