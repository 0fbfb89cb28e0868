package dev.slipway.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A revision as a history lists it: who saved it, when and why, without its spec. */
public record RevisionSummary(int number, String createdBy, Instant createdAt, String changeSummary) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** How a picker offers it: "3 · 2026-12-05 17:10 UTC · alice · Edited image" (a long summary shortened). */
    @JsonIgnore
    public String label() {
        String summary = changeSummary == null ? "" : changeSummary.strip();
        if (summary.length() > 60) {
            summary = summary.substring(0, 59) + "…";
        }
        return number + " · " + TIME.format(createdAt) + " · " + createdBy + (summary.isEmpty() ? "" : " · " + summary);
    }
}
