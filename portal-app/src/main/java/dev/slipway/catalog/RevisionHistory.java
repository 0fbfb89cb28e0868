package dev.slipway.catalog;

import java.util.List;

/** One page of a service's revisions, newest first; {@code nextCursor} is null on the last page. */
public record RevisionHistory(List<RevisionSummary> items, String nextCursor) {}
