package dev.slipway.catalog;

import jakarta.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * Where a service runs, as the deployer knows it. The catalog shows it on the service page and in
 * the service API without depending on the deployer: the deploy feature implements this.
 */
public interface ServiceDeployments {

    List<EnvironmentDeployment> of(String service);

    /**
     * Per environment name, the objects Slipway manages for the service there, as its syncs recorded them
     * in the database. Never asks a cluster, so the service page stays fast while one is down; the price is
     * that an object a failed sync meant to create is listed even if it was never created.
     */
    Map<String, List<ManagedObject>> managedObjects(String service);

    /** One environment: deployed revision, state of the latest request, health, drift. */
    record EnvironmentDeployment(String environment, @Nullable Integer revision, @Nullable String state,
            @Nullable String health, boolean drift, @Nullable Long requestId) {}

    /** A namespaced Kubernetes object, e.g. Deployment payments-prod/shop. */
    record ManagedObject(String kind, String namespace, String name) {}
}
