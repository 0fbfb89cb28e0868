package dev.slipway.catalog;

import java.util.List;

/** One page of the catalog; {@code nextCursor} is null on the last page. */
public record ServicePage(List<ServiceView> items, String nextCursor) {}
