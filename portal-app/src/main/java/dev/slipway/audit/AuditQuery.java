package dev.slipway.audit;

import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.TimeBound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What to look for in the audit trail; a null field matches everything. {@code from} is included,
 * {@code to} is not. {@code q} is text to find, ignoring case, in any value of the details (comments,
 * reasons, fields) or in the subject. Built from request parameters by {@link #of}, which names every
 * invalid one.
 */
record AuditQuery(String actor, String team, String service, String environment, String action, Instant from,
        Instant to, String q) {

    static final AuditQuery EVERYTHING = new AuditQuery(null, null, null, null, null, null, null, null);

    AuditQuery(String actor, String team, String service, String environment, String action, Instant from, Instant to) {
        this(actor, team, service, environment, action, from, to, null);
    }

    static AuditQuery of(String actor, String team, String service, String environment, String action, String from,
            String to) {
        return of(actor, team, service, environment, action, from, to, null);
    }

    static AuditQuery of(String actor, String team, String service, String environment, String action, String from,
            String to, String q) {
        List<FieldProblem> problems = new ArrayList<>();
        String a = text("actor", actor, 64, problems);
        String t = text("team", team, 63, problems);
        String s = text("service", service, 63, problems);
        String e = text("environment", environment, 63, problems);
        String act = text("action", action, 64, problems);
        String text = text("q", q, 200, problems);
        Instant start = TimeBound.from("from", from, problems);
        Instant end = TimeBound.to("to", to, problems);
        if (start != null && end != null && !start.isBefore(end)) {
            problems.add(new FieldProblem("to", "must be later than from"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new AuditQuery(a, t, s, e, act, start, end, text);
    }

    private static String text(String field, String value, int max, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
        }
        return stripped;
    }
}
