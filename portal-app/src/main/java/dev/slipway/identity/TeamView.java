package dev.slipway.identity;

/** A team as other features see it. {@code id} is for foreign keys only. */
public record TeamView(long id, String slug, String name) {}
