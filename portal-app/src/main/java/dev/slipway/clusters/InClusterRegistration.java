package dev.slipway.clusters;

import dev.slipway.common.ConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Registers the cluster Slipway runs in at startup when {@code slipway.in-cluster.register=true} (the Helm
 * chart's default), so a fresh install can deploy without anyone pasting a kubeconfig. Replicas starting
 * together race for it; the loser finds it registered and moves on.
 */
@Component
class InClusterRegistration implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(InClusterRegistration.class);

    private final InClusterSettings settings;
    private final ClusterService clusters;

    InClusterRegistration(InClusterSettings settings, ClusterService clusters) {
        this.settings = settings;
        this.clusters = clusters;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (settings.register()) {
            register();
        }
    }

    void register() {
        String name = settings.clusterName();
        try {
            if (clusters.cluster(name).isEmpty()) {
                ClusterView cluster = clusters.registerInCluster(LocalClusterBootstrap.SYSTEM, name);
                log.info("In-cluster mode: registered this cluster as '{}' ({})", name,
                        cluster.reachable() ? cluster.version() : "unreachable: " + cluster.lastError());
            }
            InClusterSettings.Environment environment = settings.environment();
            if (environment.name() != null && !environment.name().isBlank()
                    && clusters.environment(environment.name()).isEmpty()) {
                clusters.saveEnvironment(LocalClusterBootstrap.SYSTEM, new EnvironmentCommand(environment.name(), name,
                        environment.namespaceTemplate(), 0, environment.requiresApproval(), environment.driftMode(),
                        GuardrailPolicy.none()), true);
                log.info("In-cluster mode: created environment '{}' on cluster '{}'", environment.name(), name);
            }
        } catch (ConflictException | DataIntegrityViolationException e) {
            log.info("In-cluster mode: another replica registered '{}' at the same time", name);
        }
    }
}
