package dev.slipway.insights;

import java.time.Instant;

/**
 * One finished attempt to deploy: a request that synced, or a sync that failed for good. {@code at} is when
 * it finished; {@code revisionCreatedAt} is when the revision deployed was saved.
 */
record DeploymentFact(long requestId, String team, String service, String environment, int revision,
        Instant revisionCreatedAt, Outcome outcome, Instant at) {

    enum Outcome {
        SYNCED,
        FAILED
    }

    static DeploymentFact synced(long requestId, String team, String service, String environment, int revision,
            Instant revisionCreatedAt, Instant at) {
        return new DeploymentFact(requestId, team, service, environment, revision, revisionCreatedAt, Outcome.SYNCED, at);
    }

    static DeploymentFact failed(long requestId, String team, String service, String environment, int revision,
            Instant revisionCreatedAt, Instant at) {
        return new DeploymentFact(requestId, team, service, environment, revision, revisionCreatedAt, Outcome.FAILED, at);
    }
}
