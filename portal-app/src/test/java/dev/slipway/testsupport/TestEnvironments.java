package dev.slipway.testsupport;

import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentCommand;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.identity.IdentityService;

/**
 * Environments that tests name without deploying to them (overrides and secret values may only name
 * environments that exist). They live on a cluster nobody can reach and require approval, so nothing
 * is ever applied there; creating them again is a no-op, so any test may ask for them.
 */
public final class TestEnvironments {

    static final String CLUSTER = "named-only";

    private TestEnvironments() {}

    /** Makes sure environments with these names exist. */
    public static synchronized void ensure(ClusterService clusters, IdentityService identity, String... names) {
        Actor carol = identity.actor("carol");
        if (clusters.cluster(CLUSTER).isEmpty()) {
            try {
                clusters.register(carol, CLUSTER, Kubeconfigs.UNREACHABLE);
            } catch (ConflictException alreadyThere) {
                // Another test JVM's context registered it first.
            }
        }
        for (String name : names) {
            if (clusters.environment(name).isEmpty()) {
                try {
                    clusters.saveEnvironment(carol, new EnvironmentCommand(name, CLUSTER, null, 9, true, null, null), true);
                } catch (ConflictException alreadyThere) {
                    // Created in between: what was asked for exists.
                }
            }
        }
    }
}
