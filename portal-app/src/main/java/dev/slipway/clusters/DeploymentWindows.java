package dev.slipway.clusters;

import dev.slipway.common.FieldProblem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pure rules of deployment windows (docs/release-flow.md, "Windows"): whether syncs may start at an
 * instant, when the windows open next, how they read in words, and what makes a window invalid. No
 * windows means always open.
 */
public final class DeploymentWindows {

    static final int MAX_WINDOWS = 50;
    private static final Pattern TIME = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$");
    private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    private DeploymentWindows() {}

    /** Whether a sync may start at {@code at}: no windows, or {@code at} falls in one of them. */
    public static boolean isOpen(List<DeploymentWindow> windows, Instant at) {
        if (windows == null || windows.isEmpty()) {
            return true;
        }
        for (DeploymentWindow window : windows) {
            ZonedDateTime local = at.atZone(ZoneId.of(window.timeZone()));
            if (!window.days().contains(DAYS.get(local.getDayOfWeek().getValue() - 1))) {
                continue;
            }
            LocalTime time = local.toLocalTime();
            if (!time.isBefore(start(window)) && (isEndOfDay(window) || time.isBefore(LocalTime.parse(window.to())))) {
                return true;
            }
        }
        return false;
    }

    /** The next instant after {@code at} at which a window opens; empty when there are no windows (always open). */
    public static Optional<Instant> nextOpening(List<DeploymentWindow> windows, Instant at) {
        if (windows == null || windows.isEmpty()) {
            return Optional.empty();
        }
        Instant best = null;
        for (DeploymentWindow window : windows) {
            ZoneId zone = ZoneId.of(window.timeZone());
            LocalDate today = at.atZone(zone).toLocalDate();
            for (int d = 0; d <= 7; d++) {
                LocalDate date = today.plusDays(d);
                if (!window.days().contains(DAYS.get(date.getDayOfWeek().getValue() - 1))) {
                    continue;
                }
                Instant opening = ZonedDateTime.of(date, start(window), zone).toInstant();
                if (opening.isAfter(at)) {
                    if (best == null || opening.isBefore(best)) {
                        best = opening;
                    }
                    break;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The windows in words: "MON, TUE 09:00-17:00 Europe/Berlin; SAT 10:00-12:00 UTC"; "always open" for none. */
    public static String describe(List<DeploymentWindow> windows) {
        if (windows == null || windows.isEmpty()) {
            return "always open";
        }
        return String.join("; ", windows.stream().map(w -> String.join(", ", w.days()) + " " + w.from() + "-" + w.to()
                + " " + w.timeZone()).toList());
    }

    /** What is wrong with each window, each problem naming its field ({@code policy.windows[0].timeZone}). */
    public static List<FieldProblem> problems(List<DeploymentWindow> windows, String field) {
        List<FieldProblem> problems = new ArrayList<>();
        if (windows == null) {
            return problems;
        }
        if (windows.size() > MAX_WINDOWS) {
            problems.add(new FieldProblem(field, "must hold at most " + MAX_WINDOWS + " windows"));
            return problems;
        }
        for (int i = 0; i < windows.size(); i++) {
            String at = field + "[" + i + "]";
            DeploymentWindow window = windows.get(i);
            if (window == null) {
                problems.add(new FieldProblem(at, "must be a window: {days, from, to, timeZone}"));
                continue;
            }
            if (window.days().isEmpty()) {
                problems.add(new FieldProblem(at + ".days", "must list at least one day: " + String.join(", ", DAYS)));
            }
            for (int d = 0; d < window.days().size(); d++) {
                if (!DAYS.contains(window.days().get(d))) {
                    problems.add(new FieldProblem(at + ".days[" + d + "]", "must be one of " + String.join(", ", DAYS)));
                }
            }
            boolean fromValid = window.from() != null && TIME.matcher(window.from()).matches() && !"24:00".equals(window.from());
            boolean toValid = window.to() != null && TIME.matcher(window.to()).matches();
            if (!fromValid) {
                problems.add(new FieldProblem(at + ".from", "must be a local time HH:mm from 00:00 to 23:59"));
            }
            if (!toValid) {
                problems.add(new FieldProblem(at + ".to", "must be a local time HH:mm from 00:01 to 24:00"));
            }
            if (fromValid && toValid && !"24:00".equals(window.to())
                    && !LocalTime.parse(window.to()).isAfter(LocalTime.parse(window.from()))) {
                problems.add(new FieldProblem(at + ".to", "must be after from (" + window.from() + "); a window across"
                        + " midnight is two windows, one ending at 24:00"));
            }
            if (window.timeZone() == null || window.timeZone().isBlank()) {
                problems.add(new FieldProblem(at + ".timeZone", "is required: a time zone such as Europe/Berlin or UTC"));
            } else {
                try {
                    ZoneId.of(window.timeZone());
                } catch (RuntimeException e) {
                    problems.add(new FieldProblem(at + ".timeZone", "must be a time zone such as Europe/Berlin or UTC"));
                }
            }
        }
        return problems;
    }

    private static LocalTime start(DeploymentWindow window) {
        return LocalTime.parse(window.from());
    }

    private static boolean isEndOfDay(DeploymentWindow window) {
        return "24:00".equals(window.to());
    }
}
