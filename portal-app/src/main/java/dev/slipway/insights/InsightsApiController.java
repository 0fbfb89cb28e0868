package dev.slipway.insights;

import dev.slipway.common.Actor;
import jakarta.annotation.Nullable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Delivery metrics over HTTP (docs/architecture.md, the insights feature). Times are seconds, rates are fractions from 0 to 1. */
@RestController
class InsightsApiController {

    private final InsightsService insights;
    private final Clock clock = Clock.systemUTC();

    InsightsApiController(InsightsService insights) {
        this.insights = insights;
    }

    @GetMapping("/api/v1/insights")
    Insights get(Actor actor, @RequestParam(required = false) String team,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        InsightsReport report = insights.report(actor, team, environment, Period.of(from, to, Instant.now(clock)));
        DeliveryMetrics m = report.overall();
        return new Insights(report.team(), report.environment(), report.period().from(), report.period().to(),
                m.deploymentsPerWeek(), m.medianLeadTimeSeconds(), m.changeFailureRate(), m.medianTimeToRestoreSeconds(),
                m.deployments(), m.failures(), m.rollbacks(), m.unrestoredFailures(),
                report.byTeamAndEnvironment().entrySet().stream()
                        .map(e -> Group.of(e.getKey(), e.getValue()))
                        .toList(),
                report.weeks().stream()
                        .map(w -> new Week(w.week().from(), w.metrics().deployments(), w.metrics().failures(),
                                w.metrics().medianLeadTimeSeconds()))
                        .toList());
    }

    /** The four figures first, then the counts behind them and the breakdowns the page draws. */
    record Insights(@Nullable String team, @Nullable String environment, Instant from, Instant to,
            double deploymentsPerWeek, @Nullable Long medianLeadTimeSeconds, @Nullable Double changeFailureRate,
            @Nullable Long medianTimeToRestoreSeconds, long deployments,
            long failures, long rollbacks, long unrestoredFailures, List<Group> byTeamAndEnvironment,
            List<Week> weeks) {}

    record Group(String team, String environment, double deploymentsPerWeek, @Nullable Long medianLeadTimeSeconds,
            @Nullable Double changeFailureRate, @Nullable Long medianTimeToRestoreSeconds, long deployments, long failures,
            long rollbacks) {

        static Group of(DeliveryMetrics.TeamEnvironment key, DeliveryMetrics m) {
            return new Group(key.team(), key.environment(), m.deploymentsPerWeek(), m.medianLeadTimeSeconds(),
                    m.changeFailureRate(), m.medianTimeToRestoreSeconds(), m.deployments(), m.failures(), m.rollbacks());
        }
    }

    record Week(Instant start, long deployments, long failures, @Nullable Long medianLeadTimeSeconds) {}
}
