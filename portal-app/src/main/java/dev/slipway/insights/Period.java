package dev.slipway.insights;

import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.TimeBound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A span of time metrics are taken over: {@code from} included, {@code to} not. */
record Period(Instant from, Instant to) {

    static final Duration WEEK = Duration.ofDays(7);
    static final Duration DEFAULT_LENGTH = WEEK.multipliedBy(12);
    static final Duration MAX_LENGTH = Duration.ofDays(366 * 3);

    Period {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a period ends after it starts");
        }
    }

    /**
     * The period a person asked for: the last twelve weeks unless they say otherwise. A bare date as
     * {@code to} includes that day.
     */
    static Period of(String from, String to, Instant now) {
        List<FieldProblem> problems = new ArrayList<>();
        Instant end = TimeBound.to("to", to, problems);
        Instant start = TimeBound.from("from", from, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        end = end == null ? now : end;
        start = start == null ? end.minus(DEFAULT_LENGTH) : start;
        if (!start.isBefore(end)) {
            throw new InvalidInputException("to", "must be later than from");
        }
        if (Duration.between(start, end).compareTo(MAX_LENGTH) > 0) {
            throw new InvalidInputException("from", "must be at most three years before to");
        }
        return new Period(start, end);
    }

    boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    double weeks() {
        return Duration.between(from, to).toMillis() / (double) WEEK.toMillis();
    }

    /** Consecutive weeks from {@code from}; the last one is cut short at {@code to}. */
    List<Period> weeksWithin() {
        List<Period> weeks = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(WEEK)) {
            Instant end = start.plus(WEEK);
            weeks.add(new Period(start, end.isAfter(to) ? to : end));
        }
        return weeks;
    }
}
