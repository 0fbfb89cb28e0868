package dev.slipway.deploy;

import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.generic.KubernetesApiResponse;

/** The API server refused an object; the message is the server's own, so people can act on it. */
public class KubernetesRejection extends Exception {

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
}
