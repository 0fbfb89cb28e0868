package dev.slipway.observe.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.deploy.DeployerScenario;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/services/{name}/environments/{env}/metrics} against a real API server that, like many clusters,
 * has no metrics API: the window is validated, unknown names are 404, and the missing metrics API is said on the
 * API and the status page rather than failing anything.
 */
@SlipwayTest
@KubeTest
class MetricsApiTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired MetricsSettings settings;
    @Autowired dev.slipway.deploy.live.LiveStateCache liveState;

    @Test
    void aWindowThatIsNotFiveMinutesToADayInMinutesOrHoursIsA422NamingTheWindow(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("mwin", false, "DETECT");
        String service = scenario.service("mwin", spec());
        for (String window : List.of("abc", "4m", "25h", "15s", "0m", "1d", "", "%00", "15m;drop", "9".repeat(40) + "m")) {
            MvcResult result = mvc.perform(get(path(service, env)).param("window", window).with(user("alice"))
                    .accept(MediaType.APPLICATION_JSON)).andReturn();
            if (window.isEmpty()) {
                assertThat(result.getResponse().getStatus()).as("empty is the default window").isEqualTo(200);
                continue;
            }
            String body = result.getResponse().getContentAsString();
            assertThat(result.getResponse().getStatus()).as("window=%s -> %s", window, body).isEqualTo(422);
            assertThat(result.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            JsonNode problem = DeployerScenario.JSON.readTree(body);
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("window");
            assertThat(problem.get("errors").get(0).get("message").asString()).contains("5m to 24h");
        }
        for (String window : List.of("5m", "15m", "1h", "6h", "24h", "1440m")) {
            scenario.call(get(path(service, env)).param("window", window), "alice", null, 200);
        }
    }

    @Test
    void anUnknownServiceOrEnvironmentIsNotFound(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("m404", false, "DETECT");
        String service = scenario.service("m404", spec());
        JsonNode problem = scenario.call(get(path("no-such-service", env)), "alice", null, 404);
        assertThat(problem.get("detail").asString()).contains("no-such-service");
        scenario.call(get(path(service, "no-such-env")), "alice", null, 404);
    }

    @Test
    void aClusterWithoutTheMetricsApiSaysSoOnTheApiAndThePageAndNothingFails(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("mnone", false, "DETECT");
        String service = scenario.service("mnone", spec());
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");

        JsonNode metrics = scenario.call(get(path(service, env)).param("window", "1h"), "alice", null, 200);
        assertThat(metrics.get("available").asBoolean()).isFalse();
        assertThat(metrics.get("unavailable").asString()).isEqualTo("metrics not available on this cluster");
        assertThat(metrics.get("pods")).isEmpty();
        assertThat(metrics.get("series")).isEmpty();
        assertThat(metrics.get("window").asString()).isEqualTo("1h");

        // The page refreshes from the same JSON at its own address, signed in by its session.
        var fromPage = mvc.perform(get("/services/" + service + "/environments/" + env + "/metrics").param("window", "6h")
                .with(user("alice"))).andReturn().getResponse();
        assertThat(fromPage.getStatus()).isEqualTo(200);
        assertThat(DeployerScenario.JSON.readTree(fromPage.getContentAsString()).get("window").asString()).isEqualTo("6h");

        String page = mvc.perform(get("/services/" + service + "/environments/" + env).with(user("alice")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("data-testid=\"metrics\"").contains("Metrics not available")
                .contains("metrics not available on this cluster");

        // A hand-edited window on the page is no error page: the default window, marked as the one shown.
        String edited = mvc.perform(get("/services/" + service + "/environments/" + env).param("window", "<b>")
                .with(user("alice"))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(edited).contains("data-window=\"15m\"").doesNotContain("<b>");

        // The sampler passes this cluster by without a row (and without failing) for a few rounds.
        Thread.sleep(settings.sampleInterval().multipliedBy(3).plus(Duration.ofSeconds(1)).toMillis());
        Integer rows = jdbc.queryForObject("select count(*) from metric_samples m join services s on s.id = m.service_id"
                + " where s.name = ?", Integer.class, service);
        assertThat(rows).isZero();
        assertThat(scenario.call(get(path(service, env)), "alice", null, 200).get("available").asBoolean()).isFalse();
    }

    @Test
    void aClusterWhoseWatchesFailIsSaidToBeUnreachableWithoutAskingIt() throws Exception {
        var scenario = new DeployerScenario(mvc);
        scenario.call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/clusters"), "carol",
                Map.of("name", scenario.cluster, "kubeconfig", dev.slipway.testsupport.Kubeconfigs.UNREACHABLE), 201);
        String env = scenario.environment("mgone", false, "DETECT");
        String service = scenario.service("mgone", spec());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> liveState.unreachable(scenario.cluster));

        JsonNode metrics = scenario.call(get(path(service, env)), "alice", null, 200);
        assertThat(metrics.get("available").asBoolean()).isFalse();
        assertThat(metrics.get("unavailable").asString()).isEqualTo(MetricsService.UNREACHABLE);
        String page = mvc.perform(get("/services/" + service + "/environments/" + env).with(user("alice")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains(MetricsService.UNREACHABLE);
    }

    static Map<String, Object> spec() {
        return Map.of("image", KubeCluster.DEMO_IMAGE, "replicas", 1,
                "ports", List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80)),
                "resources", Map.of("cpuRequest", "20m", "cpuLimit", "200m", "memoryRequest", "16Mi", "memoryLimit", "64Mi"));
    }

    static String path(String service, String env) {
        return "/api/v1/services/" + service + "/environments/" + env + "/metrics";
    }
}
