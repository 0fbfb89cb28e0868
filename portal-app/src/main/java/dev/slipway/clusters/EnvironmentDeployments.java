package dev.slipway.clusters;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * What runs in an environment, as the deployer knows it, for the environment page. Clusters shows it
 * without depending on the deployer: the deploy feature implements this.
 */
public interface EnvironmentDeployments {

    /** Every service deployed to (or last requested for) the environment, by name. */
    List<DeployedService> in(String environment);

    /**
     * A service in the environment: the revision running there (null before its first sync), the state
     * of its latest request, when that last changed, and its health (null while nothing runs).
     */
    record DeployedService(String service, String team, @Nullable Integer revision, @Nullable String state,
            @Nullable Long requestId, @Nullable Instant at, boolean drift, @Nullable String health) {}
}
