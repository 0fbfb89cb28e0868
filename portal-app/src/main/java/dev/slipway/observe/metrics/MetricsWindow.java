package dev.slipway.observe.metrics;

import dev.slipway.common.InvalidInputException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How far back a usage series reaches: {@code 5m} to {@code 24h}, as whole minutes or hours. */
public record MetricsWindow(String text, Duration duration) {

    public static final MetricsWindow DEFAULT = new MetricsWindow("15m", Duration.ofMinutes(15));
    static final Duration SHORTEST = Duration.ofMinutes(5);
    static final Duration LONGEST = Duration.ofHours(24);
    static final String ACCEPTED = "must be a duration from 5m to 24h, written as whole minutes (15m) or hours (6h)";

    private static final Pattern FORM = Pattern.compile("([0-9]{1,5})([mh])");

    /** Parses what a caller sent; null or blank is the default (15 minutes). */
    public static MetricsWindow parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidInputException("window", ACCEPTED);
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = m.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofMinutes(amount);
        if (duration.compareTo(SHORTEST) < 0 || duration.compareTo(LONGEST) > 0) {
            throw new InvalidInputException("window", ACCEPTED);
        }
        return new MetricsWindow(m.group(1) + m.group(2), duration);
    }
}
