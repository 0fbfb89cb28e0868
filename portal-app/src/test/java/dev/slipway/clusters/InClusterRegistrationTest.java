package dev.slipway.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.SlipwayTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * In-cluster mode as the Helm chart switches it on: the cluster Slipway runs in is registered once, with an
 * environment. Outside a pod there is no service account, so the cluster is recorded as unreachable with
 * the reason instead of stopping the start.
 */
@SlipwayTest
class InClusterRegistrationTest {

    @Autowired ClusterService clusters;

    @Test
    void startingInClusterRegistersThisClusterAndItsEnvironmentOnce() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        var settings = new InClusterSettings(true, "home-" + suffix,
                new InClusterSettings.Environment("dev-" + suffix, "{team}-{environment}", true, DriftMode.SELF_HEAL));
        var registration = new InClusterRegistration(settings, clusters);

        registration.register();
        registration.register();

        ClusterView cluster = clusters.cluster("home-" + suffix).orElseThrow();
        assertThat(cluster.connection()).isEqualTo("IN_CLUSTER");
        assertThat(cluster.reachable()).as("no service account outside a pod").isFalse();
        assertThat(cluster.lastError()).isNotBlank();
        EnvironmentView environment = clusters.requireEnvironment("dev-" + suffix);
        assertThat(environment.cluster()).isEqualTo("home-" + suffix);
        assertThat(environment.requiresApproval()).isTrue();
        assertThat(environment.driftMode()).isEqualTo(DriftMode.SELF_HEAL);
    }
}
