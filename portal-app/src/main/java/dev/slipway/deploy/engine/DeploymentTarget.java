package dev.slipway.deploy.engine;

import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.EnvironmentView;

/** A service in an environment, and the namespace its objects live in there. */
public record DeploymentTarget(ServiceView service, EnvironmentView environment, String namespace) {

    static DeploymentTarget of(ServiceView service, EnvironmentView environment) {
        return new DeploymentTarget(service, environment, environment.namespaceFor(service.team(), service.name()));
    }
}
