package dev.slipway.catalog;

import java.time.Instant;
import java.util.Map;

/**
 * One immutable revision. {@code secretVersions} maps a secret key to the pinned version per
 * environment ({@code "*"} is the value for every environment without its own).
 */
public record RevisionView(
        String service,
        int number,
        ServiceSpec spec,
        Map<String, Map<String, Integer>> secretVersions,
        String changeSummary,
        String createdBy,
        Instant createdAt) {}
