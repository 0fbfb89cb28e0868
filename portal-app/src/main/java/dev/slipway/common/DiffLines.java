package dev.slipway.common;

import jakarta.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;

/**
 * One changed field as the lines of a unified diff, the way a review reads it: {@code - path: old} in
 * red and {@code + path: new} in green. A multi-line value (a config file) is shown as its lines, and
 * when both sides have several lines only the lines that differ are marked, with a little context
 * around them. A pure function shared by the plan and the comparison of two revisions.
 */
public final class DiffLines {

    /** Unchanged lines kept on each side of a change inside a multi-line value. */
    static final int CONTEXT = 3;

    /** Beyond this many lines a side is shown whole as removed and added instead of being compared line by line. */
    static final int MAX_COMPARED_LINES = 2000;

    private DiffLines() {}

    /** What a line of a diff says. {@code SKIPPED} stands for unchanged lines left out between changes. */
    public enum Kind {
        ADDED,
        REMOVED,
        CONTEXT,
        SKIPPED
    }

    /** One line of a diff; {@code text} never holds a line break. */
    public record Line(Kind kind, String text) {

        /** The sign a unified diff puts in front: {@code +}, {@code -}, or a space. */
        public String sign() {
            return switch (kind) {
                case ADDED -> "+";
                case REMOVED -> "-";
                case CONTEXT, SKIPPED -> " ";
            };
        }
    }

    /** A field and its lines: {@code kind} is ADDED, REMOVED or, for a change, CONTEXT. */
    public record Field(String path, Kind kind, List<Line> lines) {}

    /**
     * The lines for one field whose value goes from {@code before} to {@code after} (display text;
     * null when the field is absent on that side).
     */
    public static Field of(String path, @Nullable String before, @Nullable String after) {
        List<String> old = before == null ? null : lines(before);
        List<String> now = after == null ? null : lines(after);
        List<Line> out = new ArrayList<>();
        if (old == null || now == null) {
            Kind kind = old == null ? Kind.ADDED : Kind.REMOVED;
            value(out, kind, path, old == null ? now : old);
            return new Field(path, kind, List.copyOf(out));
        }
        if (old.size() == 1 && now.size() == 1) {
            out.add(new Line(Kind.REMOVED, path + ": " + old.get(0)));
            out.add(new Line(Kind.ADDED, path + ": " + now.get(0)));
            return new Field(path, Kind.CONTEXT, List.copyOf(out));
        }
        out.add(new Line(Kind.CONTEXT, path + ": |"));
        if (old.size() > MAX_COMPARED_LINES || now.size() > MAX_COMPARED_LINES) {
            old.forEach(l -> out.add(new Line(Kind.REMOVED, "  " + l)));
            now.forEach(l -> out.add(new Line(Kind.ADDED, "  " + l)));
        } else {
            withContext(compare(old, now)).forEach(l -> out.add(
                    l.kind() == Kind.SKIPPED ? l : new Line(l.kind(), "  " + l.text())));
        }
        return new Field(path, Kind.CONTEXT, List.copyOf(out));
    }

    private static void value(List<Line> out, Kind kind, String path, List<String> value) {
        if (value.size() == 1) {
            out.add(new Line(kind, path + ": " + value.get(0)));
            return;
        }
        out.add(new Line(kind, path + ": |"));
        value.forEach(l -> out.add(new Line(kind, "  " + l)));
    }

    /** Splits on any line ending (CRLF, LF, CR), dropping one final empty line. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\r\n|\n|\r", -1)));
        if (lines.size() > 1 && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** A line-by-line comparison (longest common subsequence): every line of both sides, in order. */
    static List<Line> compare(List<String> before, List<String> after) {
        int n = before.size();
        int m = after.size();
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = before.get(i).equals(after.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Line> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && before.get(i).equals(after.get(j))) {
                out.add(new Line(Kind.CONTEXT, before.get(i)));
                i++;
                j++;
            } else if (j < m && (i == n || common[i][j + 1] >= common[i + 1][j])) {
                out.add(new Line(Kind.ADDED, after.get(j++)));
            } else {
                out.add(new Line(Kind.REMOVED, before.get(i++)));
            }
        }
        // Within a run of changes, removed lines read before added ones, as in a unified diff.
        List<Line> ordered = new ArrayList<>();
        List<Line> added = new ArrayList<>();
        for (Line line : out) {
            if (line.kind() == Kind.ADDED) {
                added.add(line);
                continue;
            }
            if (line.kind() == Kind.CONTEXT) {
                ordered.addAll(added);
                added.clear();
            }
            ordered.add(line);
        }
        ordered.addAll(added);
        return ordered;
    }

    /** Keeps {@link #CONTEXT} unchanged lines around each change and replaces longer unchanged runs by one SKIPPED line. */
    static List<Line> withContext(List<Line> lines) {
        boolean[] keep = new boolean[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).kind() != Kind.CONTEXT) {
                for (int k = Math.max(0, i - CONTEXT); k <= Math.min(lines.size() - 1, i + CONTEXT); k++) {
                    keep[k] = true;
                }
            }
        }
        List<Line> out = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (keep[i]) {
                if (skipped > 0) {
                    out.add(skippedLine(skipped));
                    skipped = 0;
                }
                out.add(lines.get(i));
            } else {
                skipped++;
            }
        }
        if (skipped > 0) {
            out.add(skippedLine(skipped));
        }
        return out;
    }

    private static Line skippedLine(int count) {
        return new Line(Kind.SKIPPED, "… " + count + (count == 1 ? " unchanged line" : " unchanged lines"));
    }
}
