package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.clusters.ClusterService;
import dev.slipway.deploy.live.LiveStateChanged;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import dev.slipway.testsupport.TestEnvironments;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.options.PatchOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/** The status page and route read the live-state cache, say whether the cluster is reachable, and go live. */
@SlipwayTest
@KubeTest
class LiveStatusPagesTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired ClusterService clusters;
    @Autowired IdentityService identity;
    @Autowired ApplicationEventPublisher events;

    @Test
    void theStatusSaysTheClusterIsReachableAndShowsTheServicesObjectsAsATree(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("tree", false, "DETECT");
        String service = scenario.service("tree", spec());
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode status = scenario.status(service, env);
            assertThat(status.get("cluster").get("reachable").asBoolean()).as("%s", status).isTrue();
            assertThat(status.get("cluster").get("lastEventAt").isNull()).as("the cache has heard from it").isFalse();
            assertThat(status.get("tree").findValuesAsString("kind")).contains("Deployment", "Service", "ConfigMap");
        });
        JsonNode status = scenario.status(service, env);
        assertThat(status.get("tree").get(0).get("name").asString()).isEqualTo(service);
        assertThat(status.get("tree").get(1).get("reason").asString()).isEqualTo("in sync");
        assertThat(status.get("objects").toString()).contains("Deployment/" + service);
    }

    @Test
    void anUnreachableClusterShowsAsSuchWithItsError() throws Exception {
        String env = "gone-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        TestEnvironments.ensure(clusters, identity, env);
        var scenario = new DeployerScenario(mvc);
        String service = scenario.service("far", Map.of("image", "registry.example.com/payments/api:1.0.0"));

        JsonNode status = scenario.status(service, env);

        assertThat(status.get("cluster").get("reachable").asBoolean()).as("%s", status).isFalse();
        assertThat(status.get("cluster").get("error").asString()).isNotBlank();
        assertThat(status.get("health").asString()).isEqualTo("UNKNOWN");
        assertThat(status.get("sync").asString()).isEqualTo("NOT_DEPLOYED");
        String page = page("alice", "/services/" + service + "/environments/" + env);
        assertThat(page).contains("data-testid=\"cluster-unreachable\"").contains("unreachable");
    }

    @Test
    void reApplyIsForTheTeamAndPlatformAdminsPutsTheObjectBackAndIsAudited(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("reapply", false, "DETECT");
        String service = scenario.service("reapply", spec());
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        String ns = "payments-" + env;
        handEditImage(kube, ns, service, "evil.example.com/miner:1");
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(scenario.status(service, env).get("drift").asBoolean()).isTrue());
        assertThat(scenario.status(service, env).get("sync").asString()).as("what runs, not the request")
                .isEqualTo("OUT_OF_SYNC");
        String page = page("alice", "/services/" + service + "/environments/" + env);
        assertThat(page).contains("data-testid=\"reapply\"");
        assertThat(page("dave", "/services/" + service + "/environments/" + env)).doesNotContain("data-testid=\"reapply\"");

        String route = "/api/v1/services/" + service + "/environments/" + env + "/reapply";
        JsonNode refused = scenario.call(post(route), "dave", null, 403);
        assertThat(refused.get("status").asInt()).isEqualTo(403);
        assertThat(imageOf(kube, ns, service)).isEqualTo("evil.example.com/miner:1");

        JsonNode done = scenario.call(post(route), "alice", null, 200);
        assertThat(done.get("reapplied").asBoolean()).isTrue();
        assertThat(imageOf(kube, ns, service)).isEqualTo("registry.example.com/payments/api:1.0.0");
        assertThat(scenario.status(service, env).get("drift").asBoolean()).isFalse();
        assertThat(scenario.status(service, env).get("sync").asString()).isEqualTo("SYNCED");
        assertThat(jdbc.queryForList("select actor from audit_events where service = ? and environment = ?"
                + " and action = 'drift.reapplied'", String.class, service, env)).containsExactly("alice");

        handEditImage(kube, ns, service, "evil.example.com/miner:2");
        scenario.call(post(route), "carol", null, 200);
        assertThat(imageOf(kube, ns, service)).isEqualTo("registry.example.com/payments/api:1.0.0");
    }

    @Test
    void reApplyIsRefusedWhenTheRevisionNowRendersDifferentlyFromWhatWasApproved(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("moved", false, "DETECT");
        String service = scenario.service("moved", Map.of("image", "registry.example.com/payments/api:1.0.0"));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        scenario.call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/environments/" + env),
                "carol", Map.of("name", env, "cluster", scenario.cluster, "namespaceTemplate", "{team}-{environment}-new",
                        "order", 0, "requiresApproval", false, "driftMode", "DETECT"), 200);

        JsonNode conflict = scenario.call(post("/api/v1/services/" + service + "/environments/" + env + "/reapply"),
                "alice", null, 409);

        assertThat(conflict.get("detail").asString()).contains("renders differently");
        assertThat(new DynamicKubernetesApi("apps", "v1", "deployments", kube.client())
                .get("payments-" + env + "-new", service).isSuccess()).as("nothing applied that nobody approved").isFalse();
    }

    @Test
    void anOpenedObjectShowsItsDriftedFieldsBesideTheApprovedOneWithSecretValuesMasked(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("object", false, "DETECT");
        Map<String, Object> spec = new HashMap<>(spec());
        spec.put("secrets", java.util.List.of("DB_PASSWORD"));
        String service = scenario.service("object", spec);
        scenario.secret(service, "DB_PASSWORD", "hunter2-" + scenario.suffix);
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        handEditImage(kube, "payments-" + env, service, "evil.example.com/miner:1");

        String deployment = page("alice", "/services/" + service + "/environments/" + env + "/objects/Deployment/" + service);
        String secret = page("alice", "/services/" + service + "/environments/" + env + "/objects/Secret/" + service + "-secrets");

        assertThat(deployment).contains("data-testid=\"object-drifted\"").contains("diff-line-added")
                .contains("evil.example.com/miner:1").contains("data-testid=\"approved-manifest\"")
                .contains("registry.example.com/payments/api:1.0.0").doesNotContain("managedFields");
        assertThat(secret).contains("data-testid=\"object-in-sync\"").contains("&lt;hidden&gt;")
                .doesNotContain("hunter2").doesNotContain(java.util.Base64.getEncoder()
                        .encodeToString(("hunter2-" + scenario.suffix).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void theStreamSendsAStatusEventWhenThePairChanges() throws Exception {
        var scenario = new DeployerScenario(mvc);
        String env = "stream-" + scenario.suffix;
        TestEnvironments.ensure(clusters, identity, env);
        String service = scenario.service("stream", Map.of("image", "registry.example.com/payments/api:1.0.0"));
        MvcResult result = mvc.perform(get("/services/" + service + "/environments/" + env + "/status/stream")
                .with(user("dave"))).andReturn();
        assertThat(result.getRequest().isAsyncStarted()).isTrue();
        assertThat(result.getResponse().getContentType()).startsWith("text/event-stream");

        events.publishEvent(new LiveStateChanged(service, "another-environment"));
        events.publishEvent(new LiveStateChanged(service, env));

        String sent = result.getResponse().getContentAsString();
        assertThat(sent).contains("event:status");
        assertThat(sent.split("event:status", -1)).as("only the pair's own change: %s", sent).hasSize(2);
    }

    @Test
    void theServiceStreamSendsAStatusEventWhenTheServiceChangesInAnyEnvironment() throws Exception {
        var scenario = new DeployerScenario(mvc);
        String env = "svc-stream-" + scenario.suffix;
        TestEnvironments.ensure(clusters, identity, env);
        String service = scenario.service("svcstream", Map.of("image", "registry.example.com/payments/api:1.0.0"));
        MvcResult result = mvc.perform(get("/services/" + service + "/stream").with(user("dave"))).andReturn();
        assertThat(result.getRequest().isAsyncStarted()).isTrue();
        assertThat(result.getResponse().getContentType()).startsWith("text/event-stream");

        events.publishEvent(new LiveStateChanged("another-service", env));
        events.publishEvent(new LiveStateChanged(service, env));
        events.publishEvent(new LiveStateChanged(service, "another-environment"));

        String sent = result.getResponse().getContentAsString();
        assertThat(sent.split("event:status", -1)).as("only the service's own changes: %s", sent).hasSize(3);
        assertThat(sent).contains("data:" + service + " " + env).contains("data:" + service + " another-environment")
                .doesNotContain("another-service");
        assertThat(page("dave", "/services/" + service + "/panel")).contains("id=\"service-environments\"")
                .contains("hx-trigger=\"sse:status").doesNotContain("<html");
    }

    @Test
    void theEnvironmentStreamSendsAStatusEventWhenAnyServiceThereChanges() throws Exception {
        var scenario = new DeployerScenario(mvc);
        String env = "env-stream-" + scenario.suffix;
        TestEnvironments.ensure(clusters, identity, env);
        MvcResult result = mvc.perform(get("/environments/" + env + "/stream").with(user("dave"))).andReturn();
        assertThat(result.getRequest().isAsyncStarted()).isTrue();
        assertThat(result.getResponse().getContentType()).startsWith("text/event-stream");

        events.publishEvent(new LiveStateChanged("one", "another-environment"));
        events.publishEvent(new LiveStateChanged("one", env));
        events.publishEvent(new LiveStateChanged("two", env));

        String sent = result.getResponse().getContentAsString();
        assertThat(sent.split("event:status", -1)).as("only the environment's own changes: %s", sent).hasSize(3);
        assertThat(sent).contains("data:one " + env).contains("data:two " + env).doesNotContain("another-environment");
        assertThat(page("dave", "/environments/" + env + "/panel")).contains("id=\"environment-services\"")
                .contains("hx-trigger=\"sse:status").doesNotContain("<html");
    }

    @Test
    void aStreamOfAnUnknownServiceOrEnvironmentIsNotFound() throws Exception {
        assertThat(mvc.perform(get("/services/no-such-service/stream").with(user("dave"))).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/environments/no-such-environment/stream").with(user("dave"))).andReturn()
                .getResponse().getStatus()).isEqualTo(404);
    }

    private String page(String username, String path) throws Exception {
        var response = mvc.perform(get(path).with(user(username))).andReturn().getResponse();
        assertThat(response.getStatus()).as("%s -> %s", path, response.getContentAsString()).isEqualTo(200);
        return response.getContentAsString();
    }

    static Map<String, Object> spec() {
        return Map.of("image", "registry.example.com/payments/api:1.0.0", "replicas", 2,
                "ports", java.util.List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80)),
                "config", Map.of("LOG_LEVEL", "info"));
    }

    static void handEditImage(KubeCluster kube, String ns, String service, String image) {
        PatchOptions options = new PatchOptions();
        options.setFieldManager("kubectl-edit");
        String patch = "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + service + "\",\"image\":\""
                + image + "\"}]}}}}";
        var response = new DynamicKubernetesApi("apps", "v1", "deployments", kube.client())
                .patch(ns, service, V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, new V1Patch(patch), options);
        assertThat(response.isSuccess()).as("hand edit %s", response.getStatus()).isTrue();
    }

    private static String imageOf(KubeCluster kube, String ns, String service) throws Exception {
        return new AppsV1Api(kube.client()).readNamespacedDeployment(service, ns).execute().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
    }
}
