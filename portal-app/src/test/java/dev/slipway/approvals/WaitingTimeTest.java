package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitingTimeTest {

    @Test
    void saysHowLongInTheLargestUnitsThatMatter() {
        assertThat(WaitingTime.describe(Duration.ofSeconds(42))).isEqualTo("waiting 42 s");
        assertThat(WaitingTime.describe(Duration.ofSeconds(200))).isEqualTo("waiting 3 min");
        assertThat(WaitingTime.describe(Duration.ofMinutes(60))).isEqualTo("waiting 1 h");
        assertThat(WaitingTime.describe(Duration.ofMinutes(125))).isEqualTo("waiting 2 h 5 min");
        assertThat(WaitingTime.describe(Duration.ofHours(24))).isEqualTo("waiting 1 day");
        assertThat(WaitingTime.describe(Duration.ofHours(75))).isEqualTo("waiting 3 days 3 h");
    }

    @Test
    void aClockSlightlyAheadOfTheDatabaseNeverShowsANegativeWait() {
        assertThat(WaitingTime.describe(Duration.ofSeconds(-3))).isEqualTo("waiting 0 s");
    }
}
