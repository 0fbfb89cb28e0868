package dev.slipway.catalog;

import java.time.Instant;

/** A revision as a history lists it: who saved it, when and why, without its spec. */
public record RevisionSummary(int number, String createdBy, Instant createdAt, String changeSummary) {}
