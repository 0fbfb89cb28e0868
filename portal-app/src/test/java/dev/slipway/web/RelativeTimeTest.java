package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The wording pages use for times, through fragments/time.html. */
class RelativeTimeTest {

    static final Instant NOW = Instant.parse("2026-12-05T17:22:03.123456789Z");
    final RelativeTime times = new RelativeTime(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void secondsAgo() {
        assertThat(times.words(NOW.minusMillis(2500))).isEqualTo("just now");
        assertThat(times.words(NOW.minusSeconds(42))).isEqualTo("42 s ago");
    }

    @Test
    void minutesAgo() {
        assertThat(times.words(NOW.minusSeconds(60))).isEqualTo("1 min ago");
        assertThat(times.words(NOW.minusSeconds(3 * 60 + 20))).isEqualTo("3 min ago");
        assertThat(times.words(NOW.minusSeconds(3599))).as("rounded up to the hour").isEqualTo("1 h ago");
    }

    @Test
    void hoursAgo() {
        assertThat(times.words(NOW.minusSeconds(5 * 3600 + 1200))).isEqualTo("5 h ago");
    }

    @Test
    void daysAgoThenADate() {
        assertThat(times.words(NOW.minusSeconds(86_400))).isEqualTo("1 day ago");
        assertThat(times.words(NOW.minusSeconds(3 * 86_400 + 7200))).isEqualTo("3 days ago");
        assertThat(times.words(Instant.parse("2026-09-01T08:00:00Z"))).isEqualTo("2026-09-01");
    }

    @Test
    void theFutureReadsForward() {
        assertThat(times.words(NOW.plusSeconds(5 * 60 + 20))).isEqualTo("in 5 min");
        assertThat(times.words(NOW.plusSeconds(2 * 86_400 + 60))).isEqualTo("in 2 days");
        assertThat(times.words(NOW.plusSeconds(3 * 86_400 - 1))).as("a three-day token just made").isEqualTo("in 3 days");
        assertThat(times.words(Instant.parse("2027-03-05T00:00:00Z"))).isEqualTo("2027-03-05");
    }

    @Test
    void nothingIsADash() {
        assertThat(times.words(null)).isEqualTo("—");
        assertThat(times.exact(null)).isEqualTo("—");
        assertThat(times.iso(null)).isNull();
    }

    @Test
    void theExactTimeIsUtcToTheSecondWithoutNanoseconds() {
        assertThat(times.exact(NOW)).isEqualTo("2026-12-05 17:22:03 UTC");
        assertThat(times.iso(NOW)).isEqualTo("2026-12-05T17:22:03Z");
        assertThat(times.iso(OffsetDateTime.parse("2026-12-05T18:22:03.5+01:00"))).isEqualTo("2026-12-05T17:22:03Z");
    }
}
