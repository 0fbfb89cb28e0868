package dev.slipway.deploy.engine;

import java.time.Instant;

/**
 * Where the engine writes down what a successful sync put in place. Kept by the live stage (deploy.live), which
 * compares what runs with it: the engine tells it through this rather than depending on live, which depends on
 * the engine (docs/architecture.md, "The deployer, stage by stage").
 */
public interface SyncRecords {

    /** Must run in the sync's finishing transaction. */
    void synced(long serviceId, long environmentId, long requestId, int revision, String renderedHash, Instant at);
}
