package dev.slipway.deploy.live;

import dev.slipway.deploy.requests.DeploymentView;
import java.util.Optional;

/**
 * The newest deployment request of a service in an environment, whatever its state, for the status to show
 * beside what runs. Answered by the deploy feature's DeploymentService, which depends on this stage, not the
 * other way round (docs/architecture.md).
 */
public interface LatestRequests {

    Optional<DeploymentView> latest(String service, String environment);
}
