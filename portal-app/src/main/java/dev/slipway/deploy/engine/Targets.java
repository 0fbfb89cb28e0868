package dev.slipway.deploy.engine;

import dev.slipway.catalog.CatalogService;
import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.deploy.render.DeploymentRendering;
import org.springframework.stereotype.Component;

/**
 * Finds a service and an environment, renders a revision for them and opens the environment's cluster:
 * the setup that planning, syncing, drift checks and every live read begin with, kept in one place so
 * that they all find, render and reach the same things the same way.
 */
@Component
public class Targets {

    private final CatalogService catalog;
    private final ClusterService clusters;
    private final DeploymentRendering rendering;

    Targets(CatalogService catalog, ClusterService clusters, DeploymentRendering rendering) {
        this.catalog = catalog;
        this.clusters = clusters;
        this.rendering = rendering;
    }

    /**
     * By name, as people and pages ask: an unknown service or environment is not found, a blank
     * environment name is invalid input.
     */
    public DeploymentTarget resolve(String serviceName, String environmentName) {
        var service = catalog.requireService(serviceName);
        if (environmentName == null || environmentName.isBlank()) {
            throw new InvalidInputException("environment", "is required: the name of an environment");
        }
        EnvironmentView environment = clusters.environment(environmentName)
                .orElseThrow(() -> new NotFoundException("No environment named '" + environmentName + "'."));
        return DeploymentTarget.of(service, environment);
    }

    /** By id, as the deployer's records keep them. */
    public DeploymentTarget resolve(long serviceId, long environmentId) {
        var service = catalog.requireServiceById(serviceId);
        return DeploymentTarget.of(service, clusters.environmentById(environmentId).orElseThrow());
    }

    /** The objects of {@code revision} for the target. Holds secret values: see {@link DeploymentRendering.Rendered}. */
    public DeploymentRendering.Rendered render(DeploymentTarget target, int revision) {
        return rendering.render(target.service(), revision, target.environment());
    }

    /** The API server of the target's cluster. */
    public ClusterObjects cluster(DeploymentTarget target) {
        return new ClusterObjects(clusters.apiClient(target.environment().cluster()));
    }
}
