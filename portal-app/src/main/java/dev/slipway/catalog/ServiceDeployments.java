package dev.slipway.catalog;

import jakarta.annotation.Nullable;
import java.util.List;

/**
 * Where a service runs, as the deployer knows it. The catalog shows it on the service page and in
 * the service API without depending on the deployer: the deploy feature implements this.
 */
public interface ServiceDeployments {

    List<EnvironmentDeployment> of(String service);

    /** One environment: deployed revision, state of the latest request, health, drift. */
    record EnvironmentDeployment(String environment, @Nullable Integer revision, @Nullable String state,
            @Nullable String health, boolean drift, @Nullable Long requestId) {}
}
