package dev.slipway.insights;

import static dev.slipway.insights.DeploymentFact.failed;
import static dev.slipway.insights.DeploymentFact.synced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The four metrics on a small history computed by hand. Two weeks, 2025-01-06 to 2025-01-20:
 *
 * <pre>
 * payments/api/prod  01-02 synced r3 (before the period: what ran)
 *                    01-06 10:00 synced r4, saved 08:00            lead 2 h
 *                    01-08 12:00 FAILED r5                         incident starts
 *                    01-08 12:30 FAILED r5                         same incident
 *                    01-08 13:00 synced r3: a rollback (3 &lt; 4)     restores after 1 h
 *                    01-09 11:00 synced r5, saved 01-08 11:00      lead 24 h
 *                    01-15 09:30 synced r6, saved 09:00            lead 30 min
 * payments/api/dev   01-15 09:10 synced r6, saved 09:00            lead 10 min
 *                    01-19 23:00 FAILED r7                         incident starts
 *                    01-20 01:00 synced r7 (after the period)      restores after 2 h
 * search/web/prod    01-10 06:00 synced r2, saved 00:00            lead 6 h
 *                    01-12 00:00 FAILED r3                         never restored
 * </pre>
 *
 * In the period: 6 deployments, 4 failures, 1 rollback. Frequency 6 / 2 weeks = 3 per week. Lead times
 * without the rollback: 10 min, 30 min, 2 h, 6 h, 24 h: median 2 h. Change failure rate (4 + 1) / (6 + 4)
 * = 0.5. Restores 1 h and 2 h: median 1 h 30 min; one failure not restored.
 */
class DeliveryMetricsTest {

    static final Period TWO_WEEKS = new Period(t("2025-01-06T00:00:00Z"), t("2025-01-20T00:00:00Z"));

    static final List<DeploymentFact> HISTORY = List.of(
            synced(1, "payments", "api", "prod", 3, t("2025-01-01T09:00:00Z"), t("2025-01-02T09:00:00Z")),
            synced(2, "payments", "api", "prod", 4, t("2025-01-06T08:00:00Z"), t("2025-01-06T10:00:00Z")),
            failed(3, "payments", "api", "prod", 5, t("2025-01-08T11:00:00Z"), t("2025-01-08T12:00:00Z")),
            failed(3, "payments", "api", "prod", 5, t("2025-01-08T11:00:00Z"), t("2025-01-08T12:30:00Z")),
            synced(4, "payments", "api", "prod", 3, t("2025-01-01T09:00:00Z"), t("2025-01-08T13:00:00Z")),
            synced(5, "payments", "api", "prod", 5, t("2025-01-08T11:00:00Z"), t("2025-01-09T11:00:00Z")),
            synced(6, "payments", "api", "prod", 6, t("2025-01-15T09:00:00Z"), t("2025-01-15T09:30:00Z")),
            synced(7, "payments", "api", "dev", 6, t("2025-01-15T09:00:00Z"), t("2025-01-15T09:10:00Z")),
            failed(8, "payments", "api", "dev", 7, t("2025-01-19T22:00:00Z"), t("2025-01-19T23:00:00Z")),
            synced(8, "payments", "api", "dev", 7, t("2025-01-19T22:00:00Z"), t("2025-01-20T01:00:00Z")),
            synced(9, "search", "web", "prod", 2, t("2025-01-10T00:00:00Z"), t("2025-01-10T06:00:00Z")),
            failed(10, "search", "web", "prod", 3, t("2025-01-11T00:00:00Z"), t("2025-01-12T00:00:00Z")));

    @Test
    void theFourMetricsOfAHandComputedHistory() {
        DeliveryMetrics m = DeliveryMetrics.compute(HISTORY, TWO_WEEKS);

        assertThat(m.deployments()).isEqualTo(6);
        assertThat(m.failures()).isEqualTo(4);
        assertThat(m.rollbacks()).isEqualTo(1);
        assertThat(m.deploymentsPerWeek()).isCloseTo(3.0, within(1e-9));
        assertThat(m.medianLeadTimeSeconds()).isEqualTo(2 * 3600);
        assertThat(m.changeFailureRate()).isCloseTo(0.5, within(1e-9));
        assertThat(m.medianTimeToRestoreSeconds()).isEqualTo(90 * 60);
        assertThat(m.restoredFailures()).isEqualTo(2);
        assertThat(m.unrestoredFailures()).isEqualTo(1);
    }

    @Test
    void theOrderFactsArriveInDoesNotMatter() {
        List<DeploymentFact> shuffled = new ArrayList<>(HISTORY);
        Collections.reverse(shuffled);
        shuffled.addAll(HISTORY);

        assertThat(DeliveryMetrics.compute(shuffled, TWO_WEEKS)).isEqualTo(DeliveryMetrics.compute(HISTORY, TWO_WEEKS));
    }

    @Test
    void eachTeamAndEnvironmentHasItsOwnMetrics() {
        Map<DeliveryMetrics.TeamEnvironment, DeliveryMetrics> groups =
                DeliveryMetrics.byTeamAndEnvironment(HISTORY, TWO_WEEKS);

        assertThat(groups.keySet()).containsExactly(new DeliveryMetrics.TeamEnvironment("payments", "dev"),
                new DeliveryMetrics.TeamEnvironment("payments", "prod"), new DeliveryMetrics.TeamEnvironment("search", "prod"));
        DeliveryMetrics prod = groups.get(new DeliveryMetrics.TeamEnvironment("payments", "prod"));
        assertThat(prod.deployments()).isEqualTo(4);
        assertThat(prod.deploymentsPerWeek()).isCloseTo(2.0, within(1e-9));
        assertThat(prod.medianLeadTimeSeconds()).isEqualTo(2 * 3600);
        assertThat(prod.changeFailureRate()).isCloseTo(3 / 6.0, within(1e-9));
        assertThat(prod.medianTimeToRestoreSeconds()).isEqualTo(3600);
        DeliveryMetrics dev = groups.get(new DeliveryMetrics.TeamEnvironment("payments", "dev"));
        assertThat(dev.medianLeadTimeSeconds()).isEqualTo(600);
        assertThat(dev.medianTimeToRestoreSeconds()).isEqualTo(2 * 3600);
        DeliveryMetrics search = groups.get(new DeliveryMetrics.TeamEnvironment("search", "prod"));
        assertThat(search.medianTimeToRestoreSeconds()).isNull();
        assertThat(search.unrestoredFailures()).isEqualTo(1);
    }

    @Test
    void weeksOfThePeriodForTheCharts() {
        List<DeliveryMetrics.WeekMetrics> weeks = DeliveryMetrics.weekly(HISTORY, TWO_WEEKS);

        assertThat(weeks).extracting(w -> w.week().from()).containsExactly(t("2025-01-06T00:00:00Z"),
                t("2025-01-13T00:00:00Z"));
        assertThat(weeks.get(0).metrics().deployments()).isEqualTo(4);
        assertThat(weeks.get(0).metrics().failures()).isEqualTo(3);
        assertThat(weeks.get(0).metrics().medianLeadTimeSeconds()).isEqualTo(6 * 3600);
        assertThat(weeks.get(1).metrics().deployments()).isEqualTo(2);
        assertThat(weeks.get(1).metrics().failures()).isEqualTo(1);
        assertThat(weeks.get(1).metrics().medianLeadTimeSeconds()).isEqualTo(20 * 60);
    }

    @Test
    void deployingTheSameRevisionAgainOrANewerOneIsNoRollback() {
        List<DeploymentFact> facts = List.of(
                synced(1, "t", "s", "prod", 2, t("2025-01-06T00:00:00Z"), t("2025-01-06T01:00:00Z")),
                synced(2, "t", "s", "prod", 2, t("2025-01-06T00:00:00Z"), t("2025-01-07T01:00:00Z")),
                synced(3, "t", "s", "staging", 1, t("2025-01-05T00:00:00Z"), t("2025-01-07T02:00:00Z")),
                synced(4, "t", "s", "prod", 3, t("2025-01-07T00:00:00Z"), t("2025-01-08T00:00:00Z")));

        DeliveryMetrics m = DeliveryMetrics.compute(facts, TWO_WEEKS);

        assertThat(m.rollbacks()).isZero();
        assertThat(m.changeFailureRate()).isZero();
    }

    @Test
    void nothingDeployedMeansNothingToMeasure() {
        DeliveryMetrics m = DeliveryMetrics.compute(List.of(), TWO_WEEKS);

        assertThat(m.deployments()).isZero();
        assertThat(m.deploymentsPerWeek()).isZero();
        assertThat(m.medianLeadTimeSeconds()).isNull();
        assertThat(m.changeFailureRate()).isNull();
        assertThat(m.medianTimeToRestoreSeconds()).isNull();
        assertThat(DeliveryMetrics.byTeamAndEnvironment(List.of(), TWO_WEEKS)).isEmpty();
    }

    @Test
    void aFailureThatStartedBeforeThePeriodIsNotCountedAsAnIncidentOfIt() {
        List<DeploymentFact> facts = List.of(
                failed(1, "t", "s", "prod", 2, t("2025-01-01T00:00:00Z"), t("2025-01-05T00:00:00Z")),
                failed(2, "t", "s", "prod", 2, t("2025-01-01T00:00:00Z"), t("2025-01-06T12:00:00Z")),
                synced(3, "t", "s", "prod", 2, t("2025-01-01T00:00:00Z"), t("2025-01-07T00:00:00Z")));

        DeliveryMetrics m = DeliveryMetrics.compute(facts, TWO_WEEKS);

        assertThat(m.failures()).isEqualTo(1);
        assertThat(m.medianTimeToRestoreSeconds()).isNull();
        assertThat(m.restoredFailures()).isZero();
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(DeliveryMetrics.median(List.of(5L, 1L, 3L))).isEqualTo(3);
        assertThat(DeliveryMetrics.median(List.of(4L, 1L, 3L, 10L))).isEqualTo(3);
        assertThat(DeliveryMetrics.median(List.of(1L, 2L))).isEqualTo(1);
        assertThat(DeliveryMetrics.median(List.of())).isNull();
    }

    @Test
    void aPeriodIsTheLastTwelveWeeksUnlessToldAndADateAsToIncludesThatDay() {
        Instant now = t("2025-03-31T12:00:00Z");

        assertThat(Period.of(null, null, now)).isEqualTo(new Period(t("2025-01-06T12:00:00Z"), now));
        assertThat(Period.of("2025-03-01", "2025-03-01", now))
                .isEqualTo(new Period(t("2025-03-01T00:00:00Z"), t("2025-03-02T00:00:00Z")));
        assertThat(Period.of("2025-03-01T08:00", "2025-03-01T12:00:00+02:00", now))
                .isEqualTo(new Period(t("2025-03-01T08:00:00Z"), t("2025-03-01T10:00:00Z")));
        assertThatThrownBy(() -> Period.of("yesterday", null, now)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).extracting(FieldProblem::field)
                        .containsExactly("from"));
        assertThatThrownBy(() -> Period.of("2025-03-02", "2025-03-01", now)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("to");
    }

    static Instant t(String instant) {
        return Instant.parse(instant);
    }
}
