package dev.slipway.observe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.deploy.DeployerScenario;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.NodeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * Real usage from the node's metrics-server: the demo image burning CPU ({@code DEMO_MODE=burn}, up to its limit)
 * shows on the metrics API per pod within 90 s, the lease holder's sampler builds a history, and the status page
 * marks the pods that run above 90 % of their CPU limit and draws the charts (screenshots at desktop and 390 px).
 */
@SlipwayTest
@NodeTest
class MetricsNodeTest {

    private static final Duration PROOF = Duration.ofSeconds(90);

    @LocalServerPort int port;
    @Autowired MockMvc mvc;

    private KubeCluster kube;
    private String namespace;

    @AfterEach
    void stopBurning() {
        if (namespace != null) {
            try {
                new CoreV1Api(kube.client()).deleteNamespace(namespace).execute();
            } catch (ApiException e) {
                // already gone
            }
        }
    }

    @Test
    void aBurningServiceShowsCpuPerPodAHistoryAndItsPodsMarkedNearTheirLimit(KubeCluster kube) throws Exception {
        this.kube = kube;
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("usage", false, "DETECT");
        namespace = "payments-" + env;
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("image", KubeCluster.DEMO_IMAGE);
        spec.put("replicas", 2);
        spec.put("ports", List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80)));
        // Each pod burns up to its limit: a twentieth of a core, which it reaches even on a busy machine.
        spec.put("resources", Map.of("cpuRequest", "25m", "cpuLimit", "50m", "memoryRequest", "16Mi",
                "memoryLimit", "64Mi"));
        spec.put("config", Map.of("DEMO_MODE", "burn"));
        String service = scenario.service("usage", spec);
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        long syncedAt = System.nanoTime();
        String api = "/api/v1/services/" + service + "/environments/" + env + "/metrics";

        JsonNode[] measured = new JsonNode[1];
        Awaitility.await().atMost(PROOF).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode metrics = scenario.call(get(api), "alice", null, 200);
            assertThat(metrics.get("available").asBoolean()).as("%s", metrics).isTrue();
            assertThat(metrics.get("pods")).as("%s", metrics).hasSize(2);
            for (JsonNode pod : metrics.get("pods")) {
                assertThat(pod.get("cpuMillicores").isNull()).as("%s", metrics).isFalse();
                assertThat(pod.get("cpuMillicores").asLong()).as("%s", metrics).isGreaterThan(0);
            }
            measured[0] = metrics;
        });
        System.err.println("Metrics: CPU of every pod showed " + (System.nanoTime() - syncedAt) / 1_000_000
                + " ms after the sync");
        for (JsonNode pod : measured[0].get("pods")) {
            assertThat(pod.get("cpuRequestMillicores").asLong()).isEqualTo(25);
            assertThat(pod.get("cpuLimitMillicores").asLong()).isEqualTo(50);
            assertThat(pod.get("memoryRequestBytes").asLong()).isEqualTo(16L * 1024 * 1024);
            assertThat(pod.get("memoryLimitBytes").asLong()).isEqualTo(64L * 1024 * 1024);
            assertThat(pod.get("memoryBytes").asLong()).isGreaterThan(0);
        }

        Awaitility.await().atMost(PROOF).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode series = scenario.call(get(api).param("window", "15m"), "alice", null, 200).get("series");
            assertThat(series.size()).as("%s", series).isGreaterThanOrEqualTo(2);
            assertThat(series.get(series.size() - 1).get("cpuMillicores").asLong()).as("%s", series).isGreaterThan(0);
        });
        System.err.println("Metrics: two samples of history " + (System.nanoTime() - syncedAt) / 1_000_000
                + " ms after the sync");

        // Burning at its limit, each pod is above 90 % of it: marked in words on the page, not by colour alone.
        Awaitility.await().atMost(PROOF).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            String page = mvc.perform(get("/services/" + service + "/environments/" + env).with(user("alice")))
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(page).contains("data-testid=\"metrics-pods\"");
            assertThat(page.split("data-testid=\"cpu-near-limit\"", -1)).as("one mark per pod").hasSize(3);
            assertThat(page).contains("% of limit").contains("A pod uses more than 90 % of a limit");
        });

        try (Browser browser = Browser.open(port)) {
            browser.signIn("alice").go("/services/" + service + "/environments/" + env);
            try {
                browser.waitFor(Duration.ofSeconds(20), d -> !d.findElements(By.cssSelector("#metrics[data-loaded]")).isEmpty()
                        && d.findElements(By.cssSelector("#metrics-cpu-chart canvas")).size() == 1
                        && d.findElements(By.cssSelector("#metrics-memory-chart canvas")).size() == 1);
            } catch (org.openqa.selenium.TimeoutException e) {
                browser.screenshot("status-metrics-not-drawn");
                var js = (org.openqa.selenium.JavascriptExecutor) browser.driver();
                throw new AssertionError("charts not drawn: uPlot " + js.executeScript("return typeof window.uPlot;")
                        + ", uplot script " + browser.fetch("/webjars/uplot/dist/uPlot.iife.min.js").status()
                        + ", metrics.js " + browser.fetch("/js/metrics.js").status()
                        + ", updated: " + browser.text(By.cssSelector("[data-testid=metrics-updated]")), e);
            }
            browser.waitFor(Duration.ofSeconds(30), d ->
                    d.findElements(By.cssSelector("[data-testid=metrics-pods] [data-testid=cpu-near-limit]")).size() == 2);
            assertThat(browser.text(By.cssSelector("[data-testid=metrics-near-limit]"))).contains("more than 90 %");
            String loaded = browser.driver().findElement(By.id("metrics")).getAttribute("data-loaded");
            ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                    .executeScript("window.scrollTo({top: document.getElementById('metrics').getBoundingClientRect().top"
                            + " + window.scrollY - 8, behavior: 'instant'});");
            browser.screenshot("status-metrics");
            browser.screenshotAtPhoneWidth("status-metrics");
            browser.assertFitsPhoneWidth("status page with usage");
            browser.assertAccessible("status page with usage");

            // Another window redraws the charts from the API without leaving the page.
            browser.click(By.cssSelector(".metrics-windows a[data-window='1h']"));
            browser.waitFor(Duration.ofSeconds(10), d -> !loaded.equals(d.findElement(By.id("metrics")).getAttribute("data-loaded")));
            assertThat(browser.driver().getCurrentUrl()).contains("window=1h");
            assertThat(browser.driver().findElements(By.cssSelector("#metrics-cpu-chart canvas"))).hasSize(1);
            browser.screenshot("status-metrics-1h");
        }
    }
}
