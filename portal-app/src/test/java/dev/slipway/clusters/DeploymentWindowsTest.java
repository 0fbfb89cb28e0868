package dev.slipway.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.FieldProblem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentWindowsTest {

    private static final List<DeploymentWindow> OFFICE_HOURS = List.of(
            new DeploymentWindow(List.of("MON", "TUE", "WED", "THU", "FRI"), "09:00", "17:00", "Europe/Berlin"));

    @Test
    void noWindowsMeansAlwaysOpen() {
        assertThat(DeploymentWindows.isOpen(List.of(), Instant.parse("2026-12-06T03:00:00Z"))).isTrue();
        assertThat(DeploymentWindows.nextOpening(List.of(), Instant.parse("2026-12-06T03:00:00Z"))).isEmpty();
        assertThat(DeploymentWindows.describe(List.of())).isEqualTo("always open");
    }

    @Test
    void aWindowHoldsOnItsDaysBetweenItsLocalTimesInItsZone() {
        // Monday 7 December 2026: 09:00 in Berlin is 08:00 UTC (winter time).
        assertThat(DeploymentWindows.isOpen(OFFICE_HOURS, Instant.parse("2026-12-07T07:59:00Z"))).isFalse();
        assertThat(DeploymentWindows.isOpen(OFFICE_HOURS, Instant.parse("2026-12-07T08:00:00Z"))).isTrue();
        assertThat(DeploymentWindows.isOpen(OFFICE_HOURS, Instant.parse("2026-12-07T15:59:59Z"))).isTrue();
        assertThat(DeploymentWindows.isOpen(OFFICE_HOURS, Instant.parse("2026-12-07T16:00:00Z"))).isFalse();
        // Sunday
        assertThat(DeploymentWindows.isOpen(OFFICE_HOURS, Instant.parse("2026-12-06T10:00:00Z"))).isFalse();
    }

    @Test
    void theNextOpeningIsTheFirstStartAfterNowAcrossTheWeekend() {
        assertThat(DeploymentWindows.nextOpening(OFFICE_HOURS, Instant.parse("2026-12-04T17:00:00Z")))
                .contains(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(DeploymentWindows.nextOpening(OFFICE_HOURS, Instant.parse("2026-12-07T06:00:00Z")))
                .contains(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(DeploymentWindows.nextOpening(OFFICE_HOURS, Instant.parse("2026-12-07T09:00:00Z")))
                .contains(Instant.parse("2026-12-08T08:00:00Z"));
    }

    @Test
    void aWindowMayRunToTheEndOfTheDay() {
        var evening = List.of(new DeploymentWindow(List.of("SUN"), "20:00", "24:00", "UTC"));
        assertThat(DeploymentWindows.isOpen(evening, Instant.parse("2026-12-06T23:59:59Z"))).isTrue();
        assertThat(DeploymentWindows.isOpen(evening, Instant.parse("2026-12-07T00:00:00Z"))).isFalse();
        assertThat(DeploymentWindows.describe(evening)).isEqualTo("SUN 20:00-24:00 UTC");
    }

    @Test
    void everyProblemNamesItsField() {
        List<FieldProblem> problems = DeploymentWindows.problems(List.of(
                new DeploymentWindow(List.of("MONDAY"), "9am", "17:00", "Mars/Base"),
                new DeploymentWindow(List.of(), "17:00", "09:00", null)), "policy.windows");

        assertThat(problems).extracting(FieldProblem::field).containsExactly("policy.windows[0].days[0]",
                "policy.windows[0].from", "policy.windows[0].timeZone", "policy.windows[1].days",
                "policy.windows[1].to", "policy.windows[1].timeZone");
        assertThat(problems.get(0).message()).contains("MON, TUE");
        assertThat(problems.get(4).message()).contains("after from");
    }
}
