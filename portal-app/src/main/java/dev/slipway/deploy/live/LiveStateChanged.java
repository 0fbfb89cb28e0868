package dev.slipway.deploy.live;

/**
 * Something about a service in an environment changed on its cluster (an object, a pod, an event, a
 * sync). Published inside each replica by {@link LiveStateCache}, at most once per quiet period and pair,
 * for pages that show it live.
 */
public record LiveStateChanged(String service, String environment) {}
