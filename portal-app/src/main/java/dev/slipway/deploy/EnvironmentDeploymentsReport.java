package dev.slipway.deploy;

import dev.slipway.clusters.EnvironmentDeployments;
import java.util.List;
import org.springframework.stereotype.Component;

/** Tells the environment page which services run there, from the deployer's records (no cluster is asked). */
@Component
class EnvironmentDeploymentsReport implements EnvironmentDeployments {

    private final DeploymentService deployments;

    EnvironmentDeploymentsReport(DeploymentService deployments) {
        this.deployments = deployments;
    }

    @Override
    public List<DeployedService> in(String environment) {
        return deployments.servicesIn(environment).stream()
                .map(s -> new DeployedService(s.service(), s.team(), s.deployedRevision(),
                        s.latestState() == null ? null : s.latestState().name(), s.latestRequestId(), s.at(), s.drift()))
                .toList();
    }
}
