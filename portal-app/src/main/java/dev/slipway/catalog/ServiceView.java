package dev.slipway.catalog;

import java.time.Instant;

/** A registered service as other features and the web layer see it. */
public record ServiceView(
        long id,
        String name,
        String team,
        String description,
        String repositoryUrl,
        int latestRevision,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {}
