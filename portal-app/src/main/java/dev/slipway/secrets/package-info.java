/**
 * Secret values: write-only, AES-256-GCM sealed under a master key, versioned and pinned by revisions so
 * that approving a revision approves its secrets. {@link dev.slipway.secrets.SecretsService} is the only
 * way in for other features; values leave only through its {@code resolve}, for the deployer.
 */
package dev.slipway.secrets;
