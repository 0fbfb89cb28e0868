package dev.slipway.catalog;

import java.util.List;

/**
 * Where a service runs, as the deployer knows it. The catalog shows it on the service page and in
 * the service API without depending on the deployer: the deploy feature implements this.
 */
public interface ServiceDeployments {

    List<EnvironmentDeployment> of(String service);

    /** One environment: deployed revision, state of the latest request, health, drift. */
    record EnvironmentDeployment(String environment, Integer revision, String state, String health, boolean drift,
            Long requestId) {}
}
