package dev.slipway.audit;

import java.util.Optional;

/**
 * What ran before a deployment, as the audit event page shows it (the spec diff of a sync). Implemented by the
 * deploy feature, which owns requests and records into the audit trail: audit depends on nobody's services, so
 * it asks through this (docs/architecture.md).
 */
public interface DeployedRevisions {

    /** The revision of the service last synced to the environment before request {@code requestId}, if any. */
    Optional<Integer> revisionDeployedBefore(String service, String environment, long requestId);
}
