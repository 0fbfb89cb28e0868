package dev.slipway.testsupport;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** See {@link KubeTest}. */
class KubeClusterExtension implements BeforeAllCallback, ParameterResolver {

    private static boolean announcedSkip;

    @Override
    public void beforeAll(ExtensionContext context) {
        KubeCluster cluster = KubeCluster.shared();
        if (cluster != null) {
            return;
        }
        String reason = KubeCluster.unavailableReason();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and " + reason);
        }
        synchronized (KubeClusterExtension.class) {
            if (!announcedSkip) {
                System.err.println("\n*** SKIPPING Kubernetes tests: " + reason + " ***\n");
                announcedSkip = true;
            }
        }
        Assumptions.abort(reason);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KubeNamespace.class
                || parameter.getParameter().getType() == KubeCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        KubeCluster cluster = KubeCluster.shared();
        if (parameter.getParameter().getType() == KubeCluster.class) {
            return cluster;
        }
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            new CoreV1Api(cluster.client())
                    .createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name)
                            .labels(Map.of("slipway.dev/test", "true"))))
                    .execute();
        } catch (ApiException e) {
            throw new IllegalStateException("Could not create test namespace " + name + ": " + e.getResponseBody(), e);
        }
        // The namespace is left behind on purpose: this API server has no namespace controller, so a
        // deleted namespace would stay Terminating anyway, and the server is thrown away after the run.
        return new KubeNamespace(name, cluster.client(), cluster);
    }
}
