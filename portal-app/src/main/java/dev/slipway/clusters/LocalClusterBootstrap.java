package dev.slipway.clusters;

import dev.slipway.common.Actor;
import dev.slipway.database.LocalModeCondition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * In local mode, the current context of {@code KUBECONFIG} (or {@code ~/.kube/config}) becomes cluster
 * {@code local} with an environment {@code dev} that needs no approval, so a newcomer with kind,
 * minikube or {@code bin/test-cluster up} can deploy at once. Done once; with an external database only
 * when {@code slipway.local-cluster=true}.
 */
@Component
class LocalClusterBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(LocalClusterBootstrap.class);
    static final Actor SYSTEM = new Actor("system", "Slipway", true, Map.of());

    private final Environment environment;
    private final ClusterService clusters;

    LocalClusterBootstrap(Environment environment, ClusterService clusters) {
        this.environment = environment;
        this.clusters = clusters;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled(environment) || clusters.cluster("local").isPresent()) {
            return;
        }
        registerFrom(localKubeconfig(System.getenv("KUBECONFIG"), Path.of(System.getProperty("user.home"))));
    }

    /**
     * On in local mode; {@code slipway.local-cluster=true} also turns it on with an external database (Docker
     * Compose mounts the laptop's kubeconfig), {@code false} turns it off everywhere.
     */
    static boolean enabled(Environment environment) {
        String setting = environment.getProperty("slipway.local-cluster", "");
        return setting.isBlank() ? LocalModeCondition.isLocalMode(environment) : Boolean.parseBoolean(setting.strip());
    }

    /** Registers cluster {@code local} and environment {@code dev} from a kubeconfig, if there is one. */
    void registerFrom(Optional<String> kubeconfig) {
        if (kubeconfig.isEmpty()) {
            log.info("Local mode: no kubeconfig with a current context found; register a cluster on /clusters.");
            return;
        }
        try {
            ClusterView cluster = clusters.register(SYSTEM, "local", kubeconfig.get());
            if (clusters.environment("dev").isEmpty()) {
                clusters.saveEnvironment(SYSTEM, new EnvironmentCommand("dev", "local", null, 0, false, DriftMode.DETECT,
                        GuardrailPolicy.none()), true);
            }
            log.info("Local mode: registered your kubeconfig's current context as cluster 'local' ({}, {}) with"
                    + " environment 'dev'", cluster.server(), cluster.reachable() ? cluster.version() : "unreachable");
        } catch (RuntimeException e) {
            log.warn("Local mode: could not register your kubeconfig as cluster 'local': {}", e.getMessage());
        }
    }

    /** The kubeconfig text a local user works with, if it has a current context. */
    static Optional<String> localKubeconfig(String kubeconfigVariable, Path home) {
        Path path = kubeconfigVariable == null || kubeconfigVariable.isBlank()
                ? home.resolve(".kube/config")
                : Path.of(kubeconfigVariable.split(java.io.File.pathSeparator)[0]);
        if (!Files.isReadable(path)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(path);
            ClusterConnections.parse(text);
            return Optional.of(text);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
