package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunTimingTest {

    private static final Instant START = Instant.parse("2026-12-05T12:03:02Z");

    @Test
    void aRunningSyncSaysForHowLongNeverNull() {
        assertThat(RunTiming.describe(START, null, START.plusSeconds(4))).isEqualTo("running for 4.0 s");
        assertThat(RunTiming.describe(START, null, START.plusSeconds(200))).isEqualTo("running for 3 min 20 s");
    }

    @Test
    void anEndedSyncSaysWhenAndAfterHowLong() {
        assertThat(RunTiming.describe(START, START.plusMillis(2100), START.plusSeconds(60)))
                .isEqualTo("ended 12:03:04 UTC, after 2.1 s");
        assertThat(RunTiming.describe(START, START.plusSeconds(42), START.plusSeconds(86_400)))
                .isEqualTo("ended 2026-12-05 12:03:44 UTC, after 42 s");
    }

    @Test
    void longDurationsReadInMinutesAndHours() {
        assertThat(RunTiming.duration(Duration.ofMinutes(3))).isEqualTo("3 min");
        assertThat(RunTiming.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
        assertThat(RunTiming.duration(Duration.ofMillis(-5))).isEqualTo("0.0 s");
    }
}
