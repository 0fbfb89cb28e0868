package dev.slipway.clusters;

import dev.slipway.common.RootCause;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One shared {@link ApiClient} per cluster (HTTP/2 and connection reuse), built from its
 * kubeconfig or from the pod's service account. client-java's builder leaves the read timeout
 * infinite; calls here get real timeouts so a dead API server cannot hang a sync. Clusters registered
 * with the same kubeconfig share one client, so the live-state cache watches that API server once.
 */
@Component
class ClusterConnections {

    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int READ_TIMEOUT_MS = 30_000;

    private record Cached(String fingerprint, ApiClient client) {}

    private final Map<String, Cached> clients = new ConcurrentHashMap<>();
    /** By the SHA-256 of the kubeconfig text ("in-cluster" for the service account). */
    private final Map<String, ApiClient> byContent = new ConcurrentHashMap<>();

    ApiClient client(String cluster, String fingerprint, KubeconfigSource source) {
        Cached cached = clients.compute(cluster, (name, existing) -> existing != null && existing.fingerprint().equals(fingerprint)
                ? existing
                : new Cached(fingerprint, shared(source.kubeconfig())));
        return cached.client();
    }

    private ApiClient shared(String kubeconfig) {
        String key = kubeconfig == null ? "in-cluster" : sha256(kubeconfig);
        return byContent.computeIfAbsent(key, k -> build(() -> kubeconfig));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void forget(String cluster) {
        clients.remove(cluster);
    }

    /** Supplies the kubeconfig text only when a client must be built (it is decrypted on demand). */
    interface KubeconfigSource {
        /** The kubeconfig text, or null for the in-cluster service account. */
        String kubeconfig();
    }

    static ApiClient build(KubeconfigSource source) {
        try {
            String kubeconfig = source.kubeconfig();
            ApiClient client = kubeconfig == null
                    ? ClientBuilder.cluster().build()
                    : ClientBuilder.kubeconfig(parse(kubeconfig)).build();
            client.setConnectTimeout(CONNECT_TIMEOUT_MS);
            client.setReadTimeout(READ_TIMEOUT_MS);
            client.setWriteTimeout(READ_TIMEOUT_MS);
            return client;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot build a client: " + e.getMessage(), e);
        }
    }

    static KubeConfig parse(String kubeconfig) {
        KubeConfig config = KubeConfig.loadKubeConfig(new StringReader(kubeconfig));
        if (config.getCurrentContext() == null || config.getServer() == null) {
            throw new IllegalArgumentException("has no current-context with a cluster server");
        }
        return config;
    }

    static ConnectionCheck check(ApiClient client) {
        try {
            var version = new VersionApi(client).getCode().execute();
            return new ConnectionCheck(true, version.getGitVersion(), null, Instant.now());
        } catch (io.kubernetes.client.openapi.ApiException e) {
            String message = e.getCode() == 0
                    ? RootCause.describe(e)
                    : "HTTP " + e.getCode() + ": " + (e.getResponseBody() == null ? e.getMessage() : e.getResponseBody());
            return new ConnectionCheck(false, null, message, Instant.now());
        } catch (RuntimeException e) {
            return new ConnectionCheck(false, null, RootCause.describe(e), Instant.now());
        }
    }
}
