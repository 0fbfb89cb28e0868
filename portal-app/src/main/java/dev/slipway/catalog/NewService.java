package dev.slipway.catalog;

/** Command to register a service; its spec becomes revision 1. */
public record NewService(String name, String team, String description, String repositoryUrl, ServiceSpec spec) {}
