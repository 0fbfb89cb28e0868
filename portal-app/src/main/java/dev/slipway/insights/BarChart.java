package dev.slipway.insights;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of a bar chart, computed here so the template only draws rectangles: the page stays
 * server-rendered SVG without scripts or style attributes (the Content-Security-Policy forbids them).
 * Bars may be stacked from segments; the scale rounds up to 1, 2 or 5 times a power of ten.
 */
record BarChart(String title, int width, int height, List<Bar> bars, List<Label> xLabels, List<GridLine> grid,
        boolean empty) {

    static final int WIDTH = 720;
    static final int HEIGHT = 220;
    static final int LEFT = 48;
    static final int RIGHT = 8;
    static final int TOP = 12;
    static final int BOTTOM = 28;
    static final int MAX_LABELS = 12;

    /** One column of the chart: its label and the segments stacked bottom-up. */
    record Column(String label, List<Segment> segments) {}

    /** A part of a column. {@code name} says what it counts, for the bar's tooltip. */
    record Segment(double value, String fill, String name) {}

    record Bar(double x, double y, double width, double height, String fill, String title) {}

    record Label(double x, double y, String text) {}

    record GridLine(double y, double x1, double x2, double labelX, String label) {}

    static BarChart of(String title, List<Column> columns, String unit) {
        double max = columns.stream()
                .mapToDouble(c -> c.segments().stream().mapToDouble(Segment::value).sum())
                .max().orElse(0);
        double top = niceCeiling(max);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double baseline = TOP + plotHeight;
        double slot = columns.isEmpty() ? plotWidth : plotWidth / columns.size();
        double barWidth = slot * 0.7;
        int labelEvery = Math.max(1, (int) Math.ceil(columns.size() / (double) MAX_LABELS));
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            double x = LEFT + i * slot + (slot - barWidth) / 2;
            double y = baseline;
            for (Segment segment : column.segments()) {
                if (segment.value() <= 0) {
                    continue;
                }
                double h = segment.value() / top * plotHeight;
                y -= h;
                bars.add(new Bar(round(x), round(y), round(barWidth), round(h), segment.fill(),
                        column.label() + ": " + number(segment.value()) + unit + " " + segment.name()));
            }
            if (i % labelEvery == 0) {
                labels.add(new Label(round(x + barWidth / 2), HEIGHT - 8, column.label()));
            }
        }
        List<GridLine> grid = new ArrayList<>();
        for (int step = 0; step <= 2; step++) {
            double value = top * step / 2;
            double y = baseline - value / top * plotHeight;
            grid.add(new GridLine(round(y), LEFT, WIDTH - RIGHT, LEFT - 6, number(value) + unit));
        }
        return new BarChart(title, WIDTH, HEIGHT, bars, labels, grid, max == 0);
    }

    /** A unit of time an axis counts in: its symbol, its word for titles, and how many seconds it holds. */
    record TimeUnit(String symbol, String word, double seconds) {

        static final List<TimeUnit> ALL = List.of(new TimeUnit("s", "seconds", 1), new TimeUnit("min", "minutes", 60),
                new TimeUnit("h", "hours", 3600), new TimeUnit("d", "days", 86400));

        /**
         * The largest unit in which the biggest value still reads as at least 2 (so seconds stay seconds
         * up to two minutes, and "0.0 h" never labels a chart of seconds); seconds when there is nothing.
         */
        static TimeUnit forLargest(double maxSeconds) {
            TimeUnit chosen = ALL.get(0);
            for (TimeUnit unit : ALL) {
                if (maxSeconds >= 2 * unit.seconds()) {
                    chosen = unit;
                }
            }
            return chosen;
        }
    }

    /**
     * A chart of durations given in seconds, drawn in the unit that suits the largest column; the title
     * is followed by the unit's word in parentheses and every axis label and tooltip carries its symbol.
     */
    static BarChart ofDurations(String title, List<Column> columnsInSeconds) {
        double max = columnsInSeconds.stream()
                .mapToDouble(c -> c.segments().stream().mapToDouble(Segment::value).sum())
                .max().orElse(0);
        TimeUnit unit = TimeUnit.forLargest(max);
        List<Column> scaled = columnsInSeconds.stream()
                .map(c -> new Column(c.label(), c.segments().stream()
                        .map(s -> new Segment(s.value() / unit.seconds(), s.fill(), s.name()))
                        .toList()))
                .toList();
        return of(title + " (" + unit.word() + ")", scaled, " " + unit.symbol());
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code value}; 1 for nothing. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= value - 1e-9) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    static String number(double value) {
        if (value == Math.rint(value)) {
            return String.valueOf((long) value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
