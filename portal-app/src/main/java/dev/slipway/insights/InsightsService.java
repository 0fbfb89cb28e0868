package dev.slipway.insights;

import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import java.util.List;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * Delivery metrics for the people allowed to see them: platform admins for every team, everyone else for
 * their own teams.
 */
@Service
class InsightsService {

    private final DeliveryFacts facts;

    InsightsService(DeliveryFacts facts) {
        this.facts = facts;
    }

    InsightsReport report(Actor actor, String team, String environment, Period period) {
        List<String> teams = teamsFor(actor, blankToNull(team));
        String env = blankToNull(environment);
        List<DeploymentFact> read = teams != null && teams.isEmpty() ? List.of() : facts.read(teams, env, period);
        return new InsightsReport(blankToNull(team), env, period, DeliveryMetrics.compute(read, period),
                DeliveryMetrics.byTeamAndEnvironment(read, period), DeliveryMetrics.weekly(read, period));
    }

    /** Null means every team. A team outside one's own is refused, so the person knows why nothing shows. */
    static List<String> teamsFor(Actor actor, String team) {
        if (actor.platformAdmin()) {
            return team == null ? null : List.of(team);
        }
        if (team != null) {
            if (!actor.isMemberOf(team)) {
                throw new AccessRefusedException("You may see the delivery metrics of your own teams only"
                        + (actor.teams().isEmpty() ? "; you belong to none."
                                : ": " + String.join(", ", new TreeSet<>(actor.teams().keySet())) + "."));
            }
            return List.of(team);
        }
        return List.copyOf(new TreeSet<>(actor.teams().keySet()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
