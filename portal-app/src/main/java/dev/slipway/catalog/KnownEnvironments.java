package dev.slipway.catalog;

import jakarta.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * The environments that exist, as the catalog needs them: names that overrides and per-environment values must
 * use, and the links a service page offers per environment. Implemented by the clusters feature: environments
 * live on clusters, whose credentials the secrets feature seals, and secrets belong to services, so the catalog
 * asks through this rather than depending on clusters (docs/architecture.md).
 */
public interface KnownEnvironments {

    /** In promotion order. */
    List<String> environmentNames();

    /** Per environment name, the service's dashboard and logs links there; environments without any left out. */
    Map<String, ServiceLinks> serviceLinks(String team, String service);

    /** A service's dashboard and logs links in one environment, each null when the environment has none. */
    record ServiceLinks(@Nullable String dashboardUrl, @Nullable String logsUrl) {}
}
