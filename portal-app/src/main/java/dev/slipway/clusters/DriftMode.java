package dev.slipway.clusters;

/** What the deployer does when a live object no longer matches what was approved. */
public enum DriftMode {
    /** Flag and audit the drift; a person decides. */
    DETECT,
    /** Re-apply the approved revision, and audit that it did. */
    SELF_HEAL
}
