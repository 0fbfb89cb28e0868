package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.NodeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What a Prometheus that discovers pods by their annotations would do, on bin/test-cluster's node: the running
 * pods of a service with {@code monitoring} say scrape, and the address and path they name answer.
 */
@SlipwayTest
@NodeTest
class ScrapeTargetNodeTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Autowired MockMvc mvc;

    private KubeCluster kube;
    private String namespace;

    @AfterEach
    void stopWhatRuns() {
        if (namespace != null) {
            try {
                new CoreV1Api(kube.client()).deleteNamespace(namespace).execute();
            } catch (ApiException e) {
                // already gone
            }
        }
    }

    @Test
    void theRunningPodsAnnounceAScrapeTargetThatAnswers(KubeCluster kube) throws Exception {
        this.kube = kube;
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("scrape", false, "DETECT");
        namespace = "payments-" + env;
        // The demo image has no /metrics; /ready stands in for it (any path the pod answers on proves the wiring).
        String service = scenario.service("scraped", Map.of("image", KubeCluster.DEMO_IMAGE, "replicas", 1,
                "ports", List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80)),
                "resources", Map.of("cpuRequest", "20m", "cpuLimit", "200m", "memoryRequest", "16Mi", "memoryLimit", "64Mi"),
                "probes", Map.of("readinessPath", "/ready", "port", "http"),
                "monitoring", Map.of("metricsPort", "http", "metricsPath", "/ready")));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");

        var core = new CoreV1Api(kube.client());
        V1Pod[] running = new V1Pod[1];
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<V1Pod> pods = core.listNamespacedPod(namespace).labelSelector("app.kubernetes.io/name=" + service)
                    .execute().getItems();
            assertThat(pods).anySatisfy(pod -> assertThat(pod.getStatus().getPodIP()).isNotBlank());
            running[0] = pods.stream().filter(p -> p.getStatus().getPodIP() != null).findFirst().orElseThrow();
            assertThat(running[0].getStatus().getContainerStatuses()).allSatisfy(c -> assertThat(c.getReady()).isTrue());
        });

        Map<String, String> annotations = running[0].getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true");
        String target = "http://" + running[0].getStatus().getPodIP() + ":" + annotations.get("prometheus.io/port")
                + annotations.get("prometheus.io/path");
        assertThat(target).endsWith(":8080/ready");
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("GET %s -> %s", target, answer.body()).isEqualTo(200);
    }
}
