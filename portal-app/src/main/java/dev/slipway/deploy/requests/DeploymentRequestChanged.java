package dev.slipway.deploy.requests;

/**
 * Something happened to a deployment request that people may want to hear about. Published inside
 * the transaction that made it happen, so what a listener writes commits or rolls back with it.
 *
 * @param actor who did it: a username, {@code policy} or {@code deployer}
 * @param detail the decision's comment, the sync's error or why a new approval is needed; may be null
 */
public record DeploymentRequestChanged(
        Change change,
        long request,
        String service,
        String team,
        String environment,
        int revision,
        RequestState state,
        String actor,
        String detail) {

    /** What happened. */
    public enum Change {
        REQUESTED,
        APPROVED,
        REJECTED,
        CANCELLED,
        SYNC_FAILED,
        REAPPROVAL_REQUIRED,
        /** An automatic rollback undid the request (docs/auto-rollback.md). */
        ROLLED_BACK,
        /** The request was not HEALTHY in time, and automatic rollback did not undo it, saying why. */
        ROLLBACK_STOPPED
    }
}
