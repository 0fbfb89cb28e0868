package dev.slipway.deploy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesRejectionTest {

    @Test
    void aStartingApiServersAdmissionRefusalIsRetried() {
        // kube-apiserver 1.35's answer while its namespace-lifecycle and policy admission caches fill after a start
        KubernetesRejection rejection = rejection(403, "Forbidden",
                "namespaces \"payments-fb\" is forbidden: not yet ready to handle request");

        assertThat(rejection.worthRetrying()).isTrue();
        assertThat(rejection.getMessage()).isEqualTo("Applying Namespace/payments-fb was rejected by the API server"
                + " (HTTP 403): namespaces \"payments-fb\" is forbidden: not yet ready to handle request");
    }

    @Test
    void aStoppingApiServersFailedClusterIpAllocationIsRetried() {
        // kube-apiserver 1.35 answered this to Service creates while it was stopped under load (bench/faults b)
        KubernetesRejection rejection = rejection(422, "Invalid", "Service \"web\" is invalid: spec.clusterIPs:"
                + " Invalid value: [\"\"]: failed to allocate IP: Post \"https://127.0.0.1:54217/apis/networking.k8s.io"
                + "/v1/ipaddresses\": dial tcp 127.0.0.1:54217: connect: connection refused");

        assertThat(rejection.worthRetrying()).isTrue();
    }

    @Test
    void aRefusalByRbacFailsAtOnce() {
        KubernetesRejection rejection = rejection(403, "Forbidden", "deployments.apps \"web\" is forbidden: User"
                + " \"system:serviceaccount:slipway:slipway\" cannot patch resource \"deployments\" in API group"
                + " \"apps\" in the namespace \"payments-dev\"");

        assertThat(rejection.worthRetrying()).isFalse();
    }

    @Test
    void anInvalidObjectFailsAtOnce() {
        assertThat(rejection(422, "Invalid", "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1")
                .worthRetrying()).isFalse();
        assertThat(rejection(404, "NotFound", "namespaces \"gone\" not found").worthRetrying()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {409, 429, 500, 503, 504})
    void conflictsThrottlingAndServerErrorsAreRetried(int code) {
        assertThat(rejection(code, "whatever", "try again").worthRetrying()).isTrue();
    }

    @Test
    void anUnreachableServerIsRetried() {
        assertThat(new KubernetesRejection("Applying Namespace/a: the API server could not be reached", 0)
                .worthRetrying()).isTrue();
    }

    private static KubernetesRejection rejection(int code, String reason, String message) {
        V1Status status = new V1Status().code(code).reason(reason).message(message).status("Failure");
        return KubernetesRejection.of("Applying Namespace/payments-fb", new KubernetesApiResponse<>(status, code));
    }
}
