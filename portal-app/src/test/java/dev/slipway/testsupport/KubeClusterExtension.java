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

/** See {@link KubeTest} and {@link NodeTest}. */
class KubeClusterExtension implements BeforeAllCallback, ParameterResolver {

    private static boolean announcedSkip;
    private static boolean announcedNodeSkip;

    private static boolean wantsNode(ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(NodeTest.class);
    }

    private static KubeCluster cluster(ExtensionContext context) {
        return wantsNode(context) ? KubeCluster.withNode() : KubeCluster.shared();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        KubeCluster cluster = cluster(context);
        if (cluster != null) {
            return;
        }
        boolean node = wantsNode(context);
        String reason = KubeCluster.unavailableReason(node);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and " + reason);
        }
        synchronized (KubeClusterExtension.class) {
            if (node ? !announcedNodeSkip : !announcedSkip) {
                System.err.println("\n*** SKIPPING Kubernetes tests" + (node ? " that run pods" : "") + ": " + reason
                        + " ***\n");
                if (node) {
                    announcedNodeSkip = true;
                } else {
                    announcedSkip = true;
                }
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
        KubeCluster cluster = cluster(context);
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
        // The namespace is left behind on purpose: the API-only server has no namespace controller, so a
        // deleted namespace would stay Terminating anyway, and the servers are thrown away after the run.
        return new KubeNamespace(name, cluster.client(), cluster);
    }
}
