package dev.slipway.observe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsWindowTest {

    @Test
    void minutesAndHoursFromFiveMinutesToADayAreAccepted() {
        assertThat(MetricsWindow.parse("5m").duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(MetricsWindow.parse("15m").duration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(MetricsWindow.parse("6h").duration()).isEqualTo(Duration.ofHours(6));
        assertThat(MetricsWindow.parse("1440m").duration()).isEqualTo(Duration.ofHours(24));
        assertThat(MetricsWindow.parse(null)).isEqualTo(MetricsWindow.DEFAULT);
        assertThat(MetricsWindow.parse(" ")).isEqualTo(MetricsWindow.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4m", "25h", "0h", "15", "15s", "1d", "-5m", "1.5h", "PT15M", "99999999999m", "15 m", "１５m"})
    void anythingElseIsRefusedNamingTheWindowAndWhatIsAccepted(String window) {
        assertThatThrownBy(() -> MetricsWindow.parse(window)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    var problem = ((InvalidInputException) e).problems().get(0);
                    assertThat(problem.field()).isEqualTo("window");
                    assertThat(problem.message()).contains("5m").contains("24h");
                });
    }

    @Test
    void longWindowsAreThinnedToAFewHundredPointsAndShortOnesKeepEverySample() {
        assertThat(MetricsService.bucket(Duration.ofMinutes(15), Duration.ofSeconds(15))).isZero();
        assertThat(MetricsService.bucket(Duration.ofHours(1), Duration.ofSeconds(15))).isZero();
        assertThat(MetricsService.bucket(Duration.ofHours(24), Duration.ofSeconds(15))).isEqualTo(Duration.ofMinutes(4));
    }
}
