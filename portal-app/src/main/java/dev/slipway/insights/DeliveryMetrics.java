package dev.slipway.insights;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The four delivery metrics (DORA) of a set of deployment facts over a period, as a pure function.
 *
 * <ul>
 *   <li>Deployment frequency: synced deployments per week of the period.
 *   <li>Lead time: from the revision being saved to its deployment syncing, median. Rollbacks are left out:
 *       they bring back an old change rather than deliver a new one.
 *   <li>Change failure rate: (failed syncs + rollbacks) over attempts (synced + failed). A rollback is a
 *       deployment of a lower revision number than the one deployed before it to that environment.
 *   <li>Time to restore: from a failed sync to the next successful sync of the same service and environment,
 *       median. Failures in a row count once, from the first: that is when the service stopped being
 *       deployable.
 * </ul>
 *
 * Only facts inside the period are counted; facts before it tell what was deployed before (for rollbacks)
 * and whether a failure was already going on, facts after it tell when a failure of the period was
 * restored.
 */
record DeliveryMetrics(long deployments, long failures, long rollbacks, double deploymentsPerWeek,
        Long medianLeadTimeSeconds, Double changeFailureRate, Long medianTimeToRestoreSeconds, long restoredFailures,
        long unrestoredFailures) {

    private static final Comparator<DeploymentFact> CHRONOLOGICAL = Comparator.comparing(DeploymentFact::at)
            .thenComparing(DeploymentFact::requestId)
            .thenComparing(DeploymentFact::outcome);

    static DeliveryMetrics compute(List<DeploymentFact> facts, Period period) {
        long deployments = 0;
        long failures = 0;
        long rollbacks = 0;
        List<Long> leadTimes = new ArrayList<>();
        List<Long> restoreTimes = new ArrayList<>();
        Map<Target, Integer> lastDeployed = new HashMap<>();
        Map<Target, Instant> failingSince = new HashMap<>();
        for (DeploymentFact fact : facts.stream().distinct().sorted(CHRONOLOGICAL).toList()) {
            Target target = new Target(fact.service(), fact.environment());
            boolean counted = period.contains(fact.at());
            if (fact.outcome() == DeploymentFact.Outcome.FAILED) {
                failures += counted ? 1 : 0;
                failingSince.putIfAbsent(target, fact.at());
                continue;
            }
            Integer before = lastDeployed.put(target, fact.revision());
            boolean rollback = before != null && fact.revision() < before;
            if (counted) {
                deployments++;
                if (rollback) {
                    rollbacks++;
                } else {
                    leadTimes.add(seconds(fact.revisionCreatedAt(), fact.at()));
                }
            }
            Instant failed = failingSince.remove(target);
            if (failed != null && period.contains(failed)) {
                restoreTimes.add(seconds(failed, fact.at()));
            }
        }
        long unrestored = failingSince.values().stream().filter(period::contains).count();
        long attempts = deployments + failures;
        return new DeliveryMetrics(deployments, failures, rollbacks, deployments / period.weeks(), median(leadTimes),
                attempts == 0 ? null : (failures + rollbacks) / (double) attempts, median(restoreTimes),
                restoreTimes.size(), unrestored);
    }

    /** The metrics of each team and environment that had any deployment or failure in the period. */
    static Map<TeamEnvironment, DeliveryMetrics> byTeamAndEnvironment(List<DeploymentFact> facts, Period period) {
        Map<TeamEnvironment, List<DeploymentFact>> groups = facts.stream().collect(Collectors.groupingBy(
                fact -> new TeamEnvironment(fact.team(), fact.environment()), TreeMap::new, Collectors.toList()));
        Map<TeamEnvironment, DeliveryMetrics> metrics = new TreeMap<>();
        groups.forEach((group, groupFacts) -> {
            DeliveryMetrics m = compute(groupFacts, period);
            if (m.deployments() + m.failures() > 0) {
                metrics.put(group, m);
            }
        });
        return metrics;
    }

    /** The metrics of each week of the period, for charts. */
    static List<WeekMetrics> weekly(List<DeploymentFact> facts, Period period) {
        return period.weeksWithin().stream().map(week -> new WeekMetrics(week, compute(facts, week))).toList();
    }

    /** Median of whole seconds; the mean of the middle two (rounded down) for an even count; null for none. */
    static Long median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : Math.floorDiv(sorted.get(middle - 1) + sorted.get(middle), 2);
    }

    private static long seconds(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds();
    }

    private record Target(String service, String environment) {}

    /** A team's deployments to one environment. */
    record TeamEnvironment(String team, String environment) implements Comparable<TeamEnvironment> {
        @Override
        public int compareTo(TeamEnvironment other) {
            return Comparator.comparing(TeamEnvironment::team).thenComparing(TeamEnvironment::environment)
                    .compare(this, other);
        }
    }

    /** One week of a period and its metrics. */
    record WeekMetrics(Period week, DeliveryMetrics metrics) {}
}
