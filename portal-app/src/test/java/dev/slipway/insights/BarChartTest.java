package dev.slipway.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The chart geometry the insights page draws as SVG. */
class BarChartTest {

    @Test
    void theScaleRoundsUpToOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(BarChart.niceCeiling(0)).isEqualTo(1);
        assertThat(BarChart.niceCeiling(3)).isEqualTo(5);
        assertThat(BarChart.niceCeiling(7)).isEqualTo(10);
        assertThat(BarChart.niceCeiling(12)).isEqualTo(20);
        assertThat(BarChart.niceCeiling(0.3)).isEqualTo(0.5);
    }

    @Test
    void stackedBarsStandOnTheBaselineWithHeightsInProportion() {
        BarChart chart = BarChart.of("Deployments per week", List.of(
                new BarChart.Column("01-06", List.of(new BarChart.Segment(4, "green", "deployed"),
                        new BarChart.Segment(1, "red", "failed"))),
                new BarChart.Column("01-13", List.of(new BarChart.Segment(2, "green", "deployed"),
                        new BarChart.Segment(0, "red", "failed")))), "");

        double plot = BarChart.HEIGHT - BarChart.TOP - BarChart.BOTTOM;
        double baseline = BarChart.TOP + plot;
        assertThat(chart.bars()).hasSize(3);
        BarChart.Bar deployed = chart.bars().get(0);
        BarChart.Bar failed = chart.bars().get(1);
        assertThat(deployed.height()).isCloseTo(plot * 4 / 5, offset(0.1));
        assertThat(deployed.y() + deployed.height()).isCloseTo(baseline, offset(0.1));
        assertThat(failed.y() + failed.height()).isCloseTo(deployed.y(), offset(0.1));
        assertThat(failed.fill()).isEqualTo("red");
        assertThat(failed.title()).isEqualTo("01-06: 1 failed");
        assertThat(chart.bars().get(2).x()).isGreaterThan(deployed.x());
        assertThat(chart.grid()).extracting(BarChart.GridLine::label).containsExactly("0", "2.5", "5");
        assertThat(chart.xLabels()).extracting(BarChart.Label::text).containsExactly("01-06", "01-13");
        assertThat(chart.empty()).isFalse();
    }

    @Test
    void manyWeeksGetEveryFewLabelsAndNoneIsEmpty() {
        List<BarChart.Column> weeks = IntStream.range(0, 52)
                .mapToObj(i -> new BarChart.Column("w" + i, List.of(new BarChart.Segment(0, "green", "deployed"))))
                .toList();

        BarChart chart = BarChart.of("Deployments per week", weeks, "");

        assertThat(chart.xLabels()).hasSizeLessThanOrEqualTo(BarChart.MAX_LABELS + 1);
        assertThat(chart.bars()).isEmpty();
        assertThat(chart.empty()).isTrue();
    }

    @Test
    void leadTimesOfSecondsAreLabelledInSecondsNotAsZeroHours() {
        BarChart chart = BarChart.ofDurations("Median lead time per week", List.of(
                new BarChart.Column("01-06", List.of(new BarChart.Segment(12, "blue", "median lead time"))),
                new BarChart.Column("01-13", List.of(new BarChart.Segment(40, "blue", "median lead time")))));

        assertThat(chart.title()).isEqualTo("Median lead time per week (seconds)");
        assertThat(chart.grid()).extracting(BarChart.GridLine::label).containsExactly("0 s", "25 s", "50 s");
        assertThat(chart.bars().get(0).title()).isEqualTo("01-06: 12 s median lead time");
    }

    @Test
    void theUnitGrowsWithTheLargestDuration() {
        assertThat(unitFor(90)).isEqualTo("s");
        assertThat(unitFor(5 * 60)).isEqualTo("min");
        assertThat(unitFor(90 * 60)).isEqualTo("min");
        assertThat(unitFor(3 * 3600)).isEqualTo("h");
        assertThat(unitFor(5 * 86400)).isEqualTo("d");
        assertThat(unitFor(0)).isEqualTo("s");

        BarChart hours = BarChart.ofDurations("Lead time", List.of(
                new BarChart.Column("w1", List.of(new BarChart.Segment(3 * 3600, "blue", "median lead time")))));
        assertThat(hours.title()).isEqualTo("Lead time (hours)");
        assertThat(hours.grid()).extracting(BarChart.GridLine::label).containsExactly("0 h", "2.5 h", "5 h");
    }

    private static String unitFor(double seconds) {
        return BarChart.TimeUnit.forLargest(seconds).symbol();
    }
}
