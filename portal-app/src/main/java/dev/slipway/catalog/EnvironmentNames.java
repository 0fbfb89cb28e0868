package dev.slipway.catalog;

import java.util.List;

/**
 * The environments that exist, which overrides and per-environment values must name. Implemented by the clusters
 * feature: environments live on clusters, whose credentials the secrets feature seals, and secrets belong to
 * services, so the catalog asks through this rather than depending on clusters (docs/architecture.md).
 */
public interface EnvironmentNames {

    List<String> environmentNames();
}
