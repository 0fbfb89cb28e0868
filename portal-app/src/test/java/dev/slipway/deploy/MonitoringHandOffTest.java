package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * The monitoring hand-off (docs/observe-monitoring.md) against a real kube-apiserver: a service's
 * {@code monitoring} reaches its Deployment's pod template as Prometheus scrape annotations, and an
 * environment's dashboard and logs URL templates become links on the service's pages.
 */
@SlipwayTest
@KubeTest
class MonitoringHandOffTest {

    static final String DASHBOARD = "https://grafana.example.com/d/pods?var-cluster={cluster}&var-namespace={namespace}"
            + "&var-service={service}&env={environment}";
    static final String LOGS = "https://logs.example.com/explore?query=%7Bnamespace%3D%22{namespace}%22%7D&app={service}";

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;

    @Test
    void aSyncedServiceWithMonitoringCarriesTheScrapeAnnotationsOnItsPodTemplateAndLosesThemWhenItIsRemoved(
            KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("mon", false, "DETECT");
        Map<String, Object> spec = spec(Map.of("metricsPort", "metrics", "metricsPath", "/actuator/prometheus"));
        String service = scenario.service("mon", spec);

        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");

        var apps = new AppsV1Api(kube.client());
        String ns = "payments-" + env;
        Map<String, String> annotations = apps.readNamespacedDeployment(service, ns).execute().getSpec().getTemplate()
                .getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", "9090")
                .containsEntry("prometheus.io/path", "/actuator/prometheus");

        Map<String, Object> without = new LinkedHashMap<>(spec);
        without.remove("monitoring");
        int revision = scenario.saveRevision(service, scenario.latestRevision(service), without);
        scenario.awaitState(scenario.deploy(service, env, revision), "SYNCED");

        assertThat(apps.readNamespacedDeployment(service, ns).execute().getSpec().getTemplate().getMetadata()
                .getAnnotations()).as("server-side apply drops what Slipway no longer sends")
                .doesNotContainKeys("prometheus.io/scrape", "prometheus.io/port", "prometheus.io/path")
                .containsKey("slipway.dev/config-checksum");
    }

    @Test
    void aSpecWithBadMonitoringIsRefusedNamingTheField(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc);
        JsonNode badPort = scenario.call(post("/api/v1/services"), "alice", Map.of("name", "badmon-" + scenario.suffix,
                "team", "payments", "spec", spec(Map.of("metricsPort", "prometheus"))), 422);
        assertThat(fields(badPort)).containsExactly("spec.monitoring.metricsPort");
        assertThat(badPort.get("errors").get(0).get("message").asString()).contains("[http, metrics]");

        JsonNode badPath = scenario.call(post("/api/v1/services"), "alice", Map.of("name", "badmon-" + scenario.suffix,
                "team", "payments", "spec", spec(Map.of("metricsPath", "metrics?all"))), 422);
        assertThat(fields(badPath)).containsExactly("spec.monitoring.metricsPath");

        Map<String, Object> overridden = new LinkedHashMap<>(spec(Map.of()));
        overridden.put("overrides", Map.of("prod", Map.of("monitoring", Map.of("metricsPort", 70000))));
        JsonNode badOverride = scenario.call(post("/api/v1/services"), "alice", Map.of("name", "badmon-" + scenario.suffix,
                "team", "payments", "spec", overridden), 422);
        assertThat(fields(badOverride)).contains("spec.overrides.prod.monitoring.metricsPort");
        assertThat(badOverride.get("type").asString()).as("RFC 9457 problem").isNotBlank();
    }

    @Test
    void environmentsKeepTheirLinkTemplatesThroughTheApiAndEveryChangeIsAudited(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = "links-" + scenario.suffix;
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", env, "cluster", scenario.cluster,
                "dashboardUrlTemplate", DASHBOARD));
        JsonNode created = scenario.call(post("/api/v1/environments"), "carol", body, 201);
        assertThat(created.get("dashboardUrlTemplate").asString()).isEqualTo(DASHBOARD);
        assertThat(created.get("logsUrlTemplate").isNull()).isTrue();

        body.put("logsUrlTemplate", LOGS);
        scenario.call(put("/api/v1/environments/" + env), "carol", body, 200);
        JsonNode read = scenario.call(get("/api/v1/environments/" + env), "alice", null, 200);
        assertThat(read.get("dashboardUrlTemplate").asString()).isEqualTo(DASHBOARD);
        assertThat(read.get("logsUrlTemplate").asString()).isEqualTo(LOGS);
        assertThat(jdbc.queryForObject("select count(*) from audit_events where action = 'environment.changed'"
                + " and target = ? and details ->> 'logsUrlTemplate' = ?", Integer.class, env, LOGS)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from audit_events where action = 'environment.created'"
                + " and target = ? and details ->> 'dashboardUrlTemplate' = ?", Integer.class, env, DASHBOARD)).isEqualTo(1);

        Map<String, Object> bad = new LinkedHashMap<>(body);
        bad.put("dashboardUrlTemplate", "javascript:alert(1)");
        bad.put("logsUrlTemplate", "https://logs.example.com/?team={team}");
        JsonNode refused = scenario.call(put("/api/v1/environments/" + env), "carol", bad, 422);
        assertThat(fields(refused)).containsExactlyInAnyOrder("dashboardUrlTemplate", "logsUrlTemplate");
        assertThat(refused.toString()).contains("{team} is not one of them");
        JsonNode tooLong = scenario.call(post("/api/v1/environments"), "carol", Map.of("name", "long-" + scenario.suffix,
                "cluster", scenario.cluster, "logsUrlTemplate", "https://logs.example.com/?q=" + "a".repeat(2000)), 422);
        assertThat(fields(tooLong)).containsExactly("logsUrlTemplate");

        body.remove("dashboardUrlTemplate");
        body.put("logsUrlTemplate", " ");
        JsonNode cleared = scenario.call(put("/api/v1/environments/" + env), "carol", body, 200);
        assertThat(cleared.get("dashboardUrlTemplate").isNull()).as("absent clears, as for every optional field").isTrue();
        assertThat(cleared.get("logsUrlTemplate").isNull()).as("blank clears").isTrue();
    }

    @Test
    void theStatusPageAndTheServicePageLinkToTheEnvironmentsDashboardAndLogsForThisService(KubeCluster kube)
            throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = "obs-" + scenario.suffix;
        scenario.call(post("/api/v1/environments"), "carol", Map.of("name", env, "cluster", scenario.cluster,
                "dashboardUrlTemplate", DASHBOARD, "logsUrlTemplate", LOGS), 201);
        String bare = scenario.environment("bare", false, "DETECT");
        String service = scenario.service("obs", spec(Map.of()));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        scenario.awaitState(scenario.deploy(service, bare, null), "SYNCED");

        String status = page("/services/" + service + "/environments/" + env);
        String ns = "payments-" + env;
        String dashboard = "https://grafana.example.com/d/pods?var-cluster=" + scenario.cluster + "&var-namespace=" + ns
                + "&var-service=" + service + "&env=" + env;
        String logs = "https://logs.example.com/explore?query=%7Bnamespace%3D%22" + ns + "%22%7D&app=" + service;
        assertThat(anchor(status, "data-testid=\"dashboard-link\"")).contains("href=\"" + html(dashboard) + "\"")
                .contains("rel=\"noopener noreferrer\"");
        assertThat(anchor(status, "data-testid=\"external-logs-link\"")).contains("href=\"" + html(logs) + "\"")
                .contains("rel=\"noopener noreferrer\"");
        assertThat(page("/services/" + service + "/environments/" + bare))
                .as("an environment without templates shows no links").doesNotContain("data-testid=\"observe-links\"");

        String servicePage = page("/services/" + service);
        assertThat(servicePage).contains("data-testid=\"observe-links-" + env + "\"");
        String row = servicePage.substring(servicePage.indexOf("data-testid=\"observe-links-" + env + "\""));
        assertThat(anchor(row, "href=\"" + html(dashboard) + "\"")).contains("rel=\"noopener noreferrer\"");
        assertThat(anchor(row, "href=\"" + html(logs) + "\"")).contains("rel=\"noopener noreferrer\"");
        assertThat(servicePage).doesNotContain("data-testid=\"observe-links-" + bare + "\"");
    }

    /** The first {@code <a>} start tag of the page that contains {@code marker}. */
    private static String anchor(String page, String marker) {
        return Pattern.compile("<a\\b[^>]*>").matcher(page).results().map(MatchResult::group)
                .filter(tag -> tag.contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("no link with " + marker + " in the page"));
    }

    private static String html(String url) {
        return url.replace("&", "&amp;");
    }

    private String page(String path) throws Exception {
        var response = mvc.perform(get(path).with(user("alice"))).andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        return response.getContentAsString();
    }

    static Map<String, Object> spec(Map<String, Object> monitoring) {
        return Map.of("image", "registry.example.com/payments/api:1.0.0", "replicas", 1,
                "ports", List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80),
                        Map.of("name", "metrics", "containerPort", 9090)),
                "monitoring", monitoring);
    }

    private static List<String> fields(JsonNode problem) {
        return problem.get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    }
}
