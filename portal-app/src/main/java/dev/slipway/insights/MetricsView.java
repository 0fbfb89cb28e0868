package dev.slipway.insights;

import java.util.Locale;

/** Metrics as people read them: "2.5 per week", "3 h 20 min", "12 %", "–" where there is nothing to measure. */
record MetricsView(String deploymentsPerWeek, String leadTime, String changeFailureRate, String timeToRestore,
        long deployments, long failures, long rollbacks, long unrestoredFailures) {

    static final String NONE = "–";

    static MetricsView of(DeliveryMetrics m) {
        return new MetricsView(String.format(Locale.ROOT, "%.1f", m.deploymentsPerWeek()),
                duration(m.medianLeadTimeSeconds()),
                m.changeFailureRate() == null ? NONE : Math.round(m.changeFailureRate() * 100) + " %",
                duration(m.medianTimeToRestoreSeconds()), m.deployments(), m.failures(), m.rollbacks(),
                m.unrestoredFailures());
    }

    static String duration(Long seconds) {
        if (seconds == null) {
            return NONE;
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }
}
