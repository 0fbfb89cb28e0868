package dev.slipway.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.springframework.stereotype.Component;

/**
 * How pages show a point in time: in words relative to now ("3 min ago", "in 2 days"), with the exact
 * UTC time for a tooltip and an ISO-8601 value for {@code <time datetime>}, never with fractions of a
 * second. Pages do not call it directly: they include the fragment {@code fragments/time :: time(instant)},
 * which renders {@code <time datetime="2026-12-05T17:22:03Z" title="2026-12-05 17:22:03 UTC">3 min ago</time>},
 * or "—" for null:
 *
 * <pre>{@code <td th:insert="~{fragments/time :: time(${revision.createdAt})}"></td>}</pre>
 *
 * <p>It takes an {@link Instant}, {@link OffsetDateTime}, {@link ZonedDateTime} or {@link Date}. Times more
 * than {@value #RELATIVE_DAYS} days away read as a date, where "143 days ago" would help nobody.
 */
@Component("relativeTime")
public class RelativeTime {

    static final String NONE = "—";
    static final int RELATIVE_DAYS = 30;
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Clock clock;

    RelativeTime() {
        this(Clock.systemUTC());
    }

    RelativeTime(Clock clock) {
        this.clock = clock;
    }

    /** "just now", "42 s ago", "3 min ago", "5 h ago", "1 day ago", "in 2 days", a date, or "—" for null. */
    public String words(Object time) {
        Instant at = instant(time);
        return at == null ? NONE : describe(at, clock.instant());
    }

    /** The exact time in UTC to the second, such as "2026-12-05 17:22:03 UTC"; "—" for null. */
    public String exact(Object time) {
        Instant at = instant(time);
        return at == null ? NONE : EXACT.format(at);
    }

    /** ISO-8601 in UTC to the second, for {@code <time datetime>}; null for null (no attribute). */
    public String iso(Object time) {
        Instant at = instant(time);
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The wording of {@code at} seen at {@code now}. */
    static String describe(Instant at, Instant now) {
        Duration between = Duration.between(at, now);
        boolean past = !between.isNegative();
        long seconds = between.abs().getSeconds();
        if (seconds < 10) {
            return "just now";
        }
        // Rounded, as people count: a token made to last three days expires "in 3 days", not "in 2 days".
        long minutes = Math.round(seconds / 60.0);
        long hours = Math.round(seconds / 3600.0);
        long days = Math.round(seconds / 86_400.0);
        String amount;
        if (seconds < 60) {
            amount = seconds + " s";
        } else if (minutes < 60) {
            amount = minutes + " min";
        } else if (hours < 24) {
            amount = hours + " h";
        } else if (days <= RELATIVE_DAYS) {
            amount = days + (days == 1 ? " day" : " days");
        } else {
            return DATE.format(at);
        }
        return past ? amount + " ago" : "in " + amount;
    }

    private static Instant instant(Object time) {
        if (time == null) {
            return null;
        }
        if (time instanceof Instant instant) {
            return instant;
        }
        if (time instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (time instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (time instanceof Date date) {
            return date.toInstant();
        }
        if (time instanceof CharSequence text) {
            // Kubernetes reports times as RFC 3339 text (events, conditions); empty means none
            if (text.isEmpty()) {
                return null;
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("Not a point in time: " + text, e);
            }
        }
        throw new IllegalArgumentException("Not a point in time: " + time.getClass().getName());
    }
}
