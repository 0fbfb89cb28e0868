package dev.slipway.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads the {@code from} and {@code to} of a filter. Accepts what people and scripts type: an ISO-8601
 * instant or date-time with offset, a date-time without offset (taken as UTC, as a browser's
 * datetime-local field sends it), or a bare date meaning the whole day, so "to 2025-03-31" includes
 * that day. Shared by the audit filter and the delivery insights' period. A value that cannot be read
 * adds a problem naming its field, so a form can report both bounds at once.
 */
public final class TimeBound {

    public static final String MESSAGE = "must be an ISO-8601 time such as 2025-03-31T12:00:00Z, or a date such as 2025-03-31";

    private TimeBound() {}

    /** The first instant included; null when blank or unreadable (then {@code problems} says why). */
    public static Instant from(String field, String value, List<FieldProblem> problems) {
        return parse(field, value, false, problems);
    }

    /** The first instant no longer included; null when blank or unreadable (then {@code problems} says why). */
    public static Instant to(String field, String value, List<FieldProblem> problems) {
        return parse(field, value, true, problems);
    }

    private static Instant parse(String field, String value, boolean end, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip().replace(' ', 'T');
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (end ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, MESSAGE));
            return null;
        }
    }
}
