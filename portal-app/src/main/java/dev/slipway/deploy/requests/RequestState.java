package dev.slipway.deploy.requests;

import java.util.Set;

/**
 * States of a deployment request (docs/architecture.md, "The deployer"): {@code PENDING_APPROVAL -> APPROVED -> SYNCING ->
 * SYNCED | FAILED}, or {@code REJECTED}, {@code CANCELLED}, {@code SUPERSEDED}. An approved request outside
 * its environment's deployment windows waits in {@code WAITING_FOR_WINDOW} until one opens (docs/release-flow.md);
 * a SYNCED request that an automatic rollback undid is {@code ROLLED_BACK} (docs/auto-rollback.md).
 */
public enum RequestState {
    PENDING_APPROVAL,
    APPROVED,
    SYNCING,
    SYNCED,
    FAILED,
    REJECTED,
    CANCELLED,
    SUPERSEDED,
    WAITING_FOR_WINDOW,
    ROLLED_BACK;

    /** States in which a request still waits for a decision or for the deployer. */
    public static final Set<RequestState> WAITING = Set.of(PENDING_APPROVAL, APPROVED, WAITING_FOR_WINDOW);

    public boolean isFinal() {
        return this == SYNCED || this == FAILED || this == REJECTED || this == CANCELLED || this == SUPERSEDED
                || this == ROLLED_BACK;
    }
}
