package dev.slipway.deploy;

import dev.slipway.clusters.EnvironmentDeployments;
import dev.slipway.deploy.live.LiveStatusService;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Tells the environment page which services run there, from the deployer's records, and how healthy each is, from
 * the live-state cache (like the service page).
 */
@Component
class EnvironmentDeploymentsReport implements EnvironmentDeployments {

    private final DeploymentService deployments;
    private final LiveStatusService live;

    EnvironmentDeploymentsReport(DeploymentService deployments, LiveStatusService live) {
        this.deployments = deployments;
        this.live = live;
    }

    @Override
    public List<DeployedService> in(String environment) {
        return deployments.servicesIn(environment).stream()
                .map(s -> new DeployedService(s.service(), s.team(), s.deployedRevision(),
                        s.latestState() == null ? null : s.latestState().name(), s.latestRequestId(), s.at(), s.drift(),
                        s.deployedRevision() == null ? null : live.health(s.service(), environment)))
                .toList();
    }
}
