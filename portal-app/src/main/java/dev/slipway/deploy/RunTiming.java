package dev.slipway.deploy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * When a sync run started and ended, in words people read on the deploy record: "running for 4 s",
 * "ended 12:03:04 UTC, after 2.1 s". A pure function; the API keeps the raw times.
 */
final class RunTiming {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private RunTiming() {}

    static String describe(Instant startedAt, Instant endedAt, Instant now) {
        if (endedAt == null) {
            return "running for " + duration(Duration.between(startedAt, now));
        }
        String when = sameDay(endedAt, now) ? TIME.format(endedAt) : DATE_TIME.format(endedAt);
        return "ended " + when + " UTC, after " + duration(Duration.between(startedAt, endedAt));
    }

    /** "0.4 s" and "2.1 s" below ten seconds, "42 s", "3 min 4 s", "2 h 5 min". */
    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 10_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        long minutes = seconds / 60;
        return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }

    private static boolean sameDay(Instant a, Instant b) {
        return a.atOffset(ZoneOffset.UTC).toLocalDate().equals(b.atOffset(ZoneOffset.UTC).toLocalDate());
    }
}
