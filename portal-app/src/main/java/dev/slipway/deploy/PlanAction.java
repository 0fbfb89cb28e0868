package dev.slipway.deploy;

/** What applying a revision would do to one object. */
public enum PlanAction {
    CREATE,
    UPDATE,
    UNCHANGED,
    PRUNE
}
