package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.slipway.testsupport.KubeCluster;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives Slipway the way a person does, through its API: a platform admin registers the test cluster
 * and an environment, an engineer registers a service, sets its secrets and deploys it.
 */
public final class DeployerScenario {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockMvc mvc;
    public final String suffix = UUID.randomUUID().toString().substring(0, 6);
    public final String cluster = "c-" + suffix;

    public DeployerScenario(MockMvc mvc) {
        this.mvc = mvc;
    }

    /** Registers the shared test API server as a cluster of this scenario (once per scenario). */
    public DeployerScenario withCluster(KubeCluster kube) throws Exception {
        JsonNode body = call(post("/api/v1/clusters"), "carol", Map.of("name", cluster, "kubeconfig", kube.kubeconfig()), 201);
        assertThat(body.get("reachable").asBoolean()).as("cluster reachable: %s", body).isTrue();
        return this;
    }

    /** An environment on the scenario's cluster; the namespace is unique per scenario and environment. */
    public String environment(String prefix, boolean requiresApproval, String driftMode) throws Exception {
        String name = prefix + "-" + suffix;
        call(post("/api/v1/environments"), "carol", Map.of("name", name, "cluster", cluster,
                "namespaceTemplate", "{team}-{environment}", "order", 0, "requiresApproval", requiresApproval,
                "driftMode", driftMode), 201);
        return name;
    }

    /** An environment with a policy (guardrails, release flow) on the scenario's cluster. */
    public String environment(String prefix, boolean requiresApproval, String driftMode, Map<String, Object> policy)
            throws Exception {
        String name = prefix + "-" + suffix;
        call(post("/api/v1/environments"), "carol", Map.of("name", name, "cluster", cluster,
                "namespaceTemplate", "{team}-{environment}", "order", 0, "requiresApproval", requiresApproval,
                "driftMode", driftMode, "policy", policy), 201);
        return name;
    }

    public String service(String prefix, Map<String, Object> spec) throws Exception {
        String name = prefix + "-" + suffix;
        call(post("/api/v1/services"), "alice", Map.of("name", name, "team", "payments", "description", "scenario",
                "spec", spec), 201);
        return name;
    }

    public void secret(String service, String key, String value) throws Exception {
        call(put("/api/v1/services/" + service + "/secrets/" + key), "alice", Map.of("value", value), 204);
    }

    public int saveRevision(String service, int base, Map<String, Object> spec) throws Exception {
        return call(post("/api/v1/services/" + service + "/revisions"), "alice",
                Map.of("baseRevision", base, "spec", spec), 201).get("number").asInt();
    }

    public int latestRevision(String service) throws Exception {
        return call(get("/api/v1/services/" + service), "alice", null, 200).get("latestRevision").asInt();
    }

    public long deploy(String service, String environment, Integer revision) throws Exception {
        Map<String, Object> body = revision == null
                ? Map.of("environment", environment)
                : Map.of("environment", environment, "revision", revision);
        return call(post("/api/v1/services/" + service + "/deployments"), "alice", body, 201).get("id").asLong();
    }

    public JsonNode deployment(long id) throws Exception {
        return call(get("/api/v1/deployments/" + id), "alice", null, 200);
    }

    public JsonNode awaitState(long id, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(deployment(id).get("state").asString()).isEqualTo(state));
        try {
            return deployment(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode plan(String service, String environment) throws Exception {
        return call(get("/api/v1/services/" + service + "/plan?environment=" + environment), "alice", null, 200);
    }

    public JsonNode status(String service, String environment) throws Exception {
        return call(get("/api/v1/services/" + service + "/environments/" + environment + "/status"), "alice", null, 200);
    }

    public JsonNode call(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String user,
            Object body, int expectedStatus) throws Exception {
        request.with(httpBasic(user, user)).accept(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body));
        }
        MvcResult result = mvc.perform(request).andReturn();
        String text = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as("%s %s -> %s", request, body, text).isEqualTo(expectedStatus);
        return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
    }

    /** A spec using every section: the spec of docs/architecture.md and more. */
    public static Map<String, Object> fullSpec(String image) {
        return Map.of(
                "image", image,
                "replicas", 2,
                "ports", java.util.List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80)),
                "resources", Map.of("cpuRequest", "250m", "cpuLimit", "1", "memoryRequest", "256Mi", "memoryLimit", "512Mi"),
                "config", Map.of("LOG_LEVEL", "info"),
                "secrets", java.util.List.of("DB_PASSWORD"),
                "ingress", Map.of("host", "payments.example.com", "path", "/", "tls", true),
                "autoscaling", Map.of("minReplicas", 2, "maxReplicas", 10, "cpuUtilization", 70),
                "probes", Map.of("readinessPath", "/ready", "livenessPath", "/live", "port", "http"));
    }
}
