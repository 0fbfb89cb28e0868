package dev.slipway.deploy.engine;

import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.generic.KubernetesApiResponse;

/** The API server refused an object; the message is the server's own, so people can act on it. */
public class KubernetesRejection extends Exception {

    /**
     * What kube-apiserver's admission plugins (namespace lifecycle, admission policies, webhooks) answer, with
     * 403, while their caches are still filling after a start. The status carries nothing else to tell it from
     * a refusal by RBAC, so the phrase is the signal.
     */
    static final String STARTING_UP = "not yet ready to handle request";

    /**
     * What kube-apiserver answers, as 422 on {@code spec.clusterIPs}, when its ClusterIP allocator could not record
     * a Service's address: it creates an IPAddress object through its own loopback client, and that call fails
     * while the server shuts down ("Post .../ipaddresses: connection refused", seen when stopping it under load).
     * Slipway never asks for a particular cluster IP, so this is never about the Service it sent.
     */
    static final String IP_ALLOCATION_FAILED = "failed to allocate IP";

    private final int httpCode;

    public KubernetesRejection(String message, int httpCode) {
        super(message);
        this.httpCode = httpCode;
    }

    static KubernetesRejection of(String what, KubernetesApiResponse<?> response) {
        V1Status status = response.getStatus();
        String detail = status != null && status.getMessage() != null ? status.getMessage() : "no message";
        return new KubernetesRejection(what + " was rejected by the API server (HTTP " + response.getHttpStatusCode()
                + "): " + detail, response.getHttpStatusCode());
    }

    public int httpCode() {
        return httpCode;
    }

    /**
     * Whether the same request can succeed later without anyone changing anything: the server could not be
     * reached (code 0), was busy or failing (429, 5xx), a write raced another (409), was still starting (403 from
     * admission) or stopping (422 from the IP allocator). Everything else (an invalid object, forbidden by RBAC,
     * refused by a policy) fails at once, so people see it.
     */
    public boolean worthRetrying() {
        return switch (httpCode) {
            case 0, 409, 429 -> true;
            case 403 -> getMessage().contains(STARTING_UP);
            case 422 -> getMessage().contains(IP_ALLOCATION_FAILED);
            default -> httpCode >= 500;
        };
    }
}
