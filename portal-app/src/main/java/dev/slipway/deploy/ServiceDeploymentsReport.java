package dev.slipway.deploy;

import dev.slipway.catalog.ServiceDeployments;
import dev.slipway.deploy.engine.ManagedObjects;
import dev.slipway.deploy.live.LiveStatusService;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Tells the catalog where a service runs: deployed revision, latest request and live health per environment,
 * and the objects Slipway manages there.
 */
@Component
class ServiceDeploymentsReport implements ServiceDeployments {

    private final DeploymentService deployments;
    private final LiveStatusService live;
    private final ManagedObjects managed;

    ServiceDeploymentsReport(DeploymentService deployments, LiveStatusService live, ManagedObjects managed) {
        this.deployments = deployments;
        this.live = live;
        this.managed = managed;
    }

    @Override
    public List<EnvironmentDeployment> of(String service) {
        return deployments.environmentsOf(service).stream()
                .map(e -> new EnvironmentDeployment(e.environment(), e.deployedRevision(),
                        e.latestState() == null ? null : e.latestState().name(),
                        e.deployedRevision() == null ? null : live.health(service, e.environment()), e.drift(),
                        e.latestRequestId()))
                .toList();
    }

    @Override
    public Map<String, List<ManagedObject>> managedObjects(String service) {
        return managed.of(service);
    }
}
