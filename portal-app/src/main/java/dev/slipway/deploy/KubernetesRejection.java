package dev.slipway.deploy;

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
     * reached (code 0), was busy or failing (429, 5xx), a write raced another (409), or it was still starting.
     * Everything else (invalid object, forbidden by RBAC, refused by a policy) fails at once, so people see it.
     */
    public boolean worthRetrying() {
        return httpCode == 0 || httpCode == 409 || httpCode == 429 || httpCode >= 500
                || (httpCode == 403 && getMessage().contains(STARTING_UP));
    }
}
