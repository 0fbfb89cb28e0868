package dev.slipway.observe.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.deploy.DeployerScenario;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.NodeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * On bin/test-cluster's node: a healthy demo service gets a crashing revision. Its timeline holds the deploy, the
 * rollout's Kubernetes events and the DEGRADED transition in that order (newest first); the team's webhook, a
 * local HTTP receiver, hears exactly once that it degraded and once that it recovered after the good revision
 * is deployed again. The status page and the timeline page show it (screenshots at desktop and 390 px).
 */
@SlipwayTest
@NodeTest
class TimelineNodeTest {

    private static final Duration ROLLOUT = Duration.ofSeconds(180);

    @Autowired MockMvc mvc;
    @LocalServerPort int port;

    private HttpServer server;
    private KubeCluster kube;
    private String namespace;

    @AfterEach
    void cleanUp() {
        if (server != null) {
            server.stop(0);
        }
        if (namespace != null) {
            try {
                new CoreV1Api(kube.client()).deleteNamespace(namespace).execute();
            } catch (ApiException e) {
                // already gone
            }
        }
    }

    @Test
    void theTimelineShowsTheDeployItsRolloutAndTheDegradationInOrderAndTheTeamHearsOncePerTransition(KubeCluster kube)
            throws Exception {
        this.kube = kube;
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(DeployerScenario.JSON.readTree(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("tln", false, "DETECT");
        namespace = "payments-" + env;
        String service = scenario.service("tln", demoSpec(Map.of("GREETING", "hello")));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        awaitHealth(scenario, service, env, "HEALTHY");
        int good = scenario.latestRevision(service);
        scenario.call(put("/api/v1/teams/payments/webhook"), "carol",
                Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/T0/secret"), 200);

        int crashing = scenario.saveRevision(service, good, demoSpec(Map.of("GREETING", "hello", "DEMO_MODE", "crash")));
        long crashRequest = scenario.deploy(service, env, crashing);
        scenario.awaitState(crashRequest, "SYNCED");
        awaitHealth(scenario, service, env, "DEGRADED");

        List<JsonNode> timeline = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> items(scenario, service, env), items -> items.stream()
                        .anyMatch(i -> i.get("kind").asString().equals("health.degraded")));
        int degradedAt = indexOf(timeline, i -> i.get("kind").asString().equals("health.degraded"));
        int requestedAt = indexOf(timeline, i -> i.get("kind").asString().equals("deployment.requested")
                && i.get("object").asString().equals("deployment/" + crashRequest));
        assertThat(degradedAt).as("DEGRADED is newer than the crash revision's request: %s", timeline)
                .isLessThan(requestedAt);
        List<JsonNode> rollout = timeline.subList(degradedAt + 1, requestedAt).stream()
                .filter(i -> i.get("source").asString().equals("kubernetes")).toList();
        assertThat(rollout).as("the rollout's events between the deploy and DEGRADED: %s", timeline).isNotEmpty();
        // The sync's scaling is stamped to the second by Kubernetes, and still comes after the request it served.
        assertThat(rollout).anySatisfy(i -> {
            assertThat(i.get("reason").asString()).isEqualTo("ScalingReplicaSet");
            assertThat(i.get("object").asString()).isEqualTo("Deployment/" + service);
        });
        assertThat(rollout).extracting(i -> i.get("object").asString()).anyMatch(o -> o.startsWith("Pod/" + service + "-"));
        JsonNode degraded = timeline.get(degradedAt);
        assertThat(degraded.get("actor").asString()).isEqualTo("slipway");
        assertThat(degraded.get("warning").asBoolean()).isTrue();
        assertThat(degraded.get("message").asString()).contains("DEGRADED", "revision " + crashing);
        assertThat(timeline).extracting(i -> Instant(i)).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        JsonNode message = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mine(received, service)
                .stream().findFirst().orElse(null), m -> m != null);
        assertThat(message.get("event").asString()).isEqualTo("health.degraded");
        assertThat(message.get("text").asString()).contains(service + " is DEGRADED in " + env, "Why:",
                "/services/" + service + "/environments/" + env);

        screenshots(service, env);

        scenario.awaitState(scenario.deploy(service, env, good), "SYNCED");
        awaitHealth(scenario, service, env, "HEALTHY");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> mine(received, service).size() >= 2);
        Thread.sleep(5_000); // a storm would have been queued by now
        assertThat(mine(received, service)).extracting(m -> m.get("event").asString())
                .containsExactly("health.degraded", "health.recovered");
        List<JsonNode> after = items(scenario, service, env);
        assertThat(indexOf(after, i -> i.get("kind").asString().equals("health.recovered")))
                .isLessThan(indexOf(after, i -> i.get("kind").asString().equals("health.degraded")));
    }

    private void screenshots(String service, String env) {
        try (Browser browser = Browser.open(port)) {
            browser.signIn("alice").go("/services/" + service + "/environments/" + env);
            browser.waitFor(d -> !d.findElements(By.cssSelector("[data-testid=timeline-item][data-kind='health.degraded']"))
                    .isEmpty());
            assertThat(browser.text(By.cssSelector("[data-testid=timeline-item][data-kind='health.degraded']")))
                    .contains("Became DEGRADED").contains("by slipway");
            ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                    "document.querySelector('[data-testid=timeline-section]').scrollIntoView();");
            browser.screenshot("timeline-status-degraded");
            browser.screenshotAtPhoneWidth("timeline-status-degraded");
            browser.go("/services/" + service + "/environments/" + env + "/timeline?source=kubernetes");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=timeline-item]")))
                    .isNotEmpty().allSatisfy(e -> assertThat(e.getAttribute("data-source")).isEqualTo("kubernetes"));
            browser.screenshot("timeline-page-kubernetes");
            browser.screenshotAtPhoneWidth("timeline-page-kubernetes");
        }
    }

    private static java.time.Instant Instant(JsonNode item) {
        return java.time.Instant.parse(item.get("at").asString());
    }

    private static List<JsonNode> mine(List<JsonNode> received, String service) {
        return received.stream().filter(m -> service.equals(m.get("service").asString())).toList();
    }

    private static int indexOf(List<JsonNode> items, java.util.function.Predicate<JsonNode> test) {
        for (int i = 0; i < items.size(); i++) {
            if (test.test(items.get(i))) {
                return i;
            }
        }
        throw new AssertionError("not in the timeline: " + items);
    }

    private static List<JsonNode> items(DeployerScenario scenario, String service, String env) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        scenario.call(get("/api/v1/services/" + service + "/environments/" + env + "/timeline?limit=200"), "alice",
                null, 200).get("items").forEach(items::add);
        return items;
    }

    private static void awaitHealth(DeployerScenario scenario, String service, String env, String health) {
        Awaitility.await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = scenario.status(service, env);
            assertThat(status.get("health").asString()).as("%s", status).isEqualTo(health);
        });
    }

    private static Map<String, Object> demoSpec(Map<String, String> config) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("image", KubeCluster.DEMO_IMAGE);
        spec.put("replicas", 1);
        spec.put("ports", List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80)));
        spec.put("resources", Map.of("cpuRequest", "20m", "cpuLimit", "200m", "memoryRequest", "16Mi",
                "memoryLimit", "64Mi"));
        spec.put("config", config);
        spec.put("probes", Map.of("readinessPath", "/ready", "livenessPath", "/live", "port", "http"));
        return spec;
    }
}
