package dev.slipway.deploy.engine;

/** What applying a revision would do to one object. */
public enum PlanAction {
    CREATE,
    UPDATE,
    UNCHANGED,
    PRUNE
}
