package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.NodeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * Promotion on the real node (docs/release-flow.md): the revision that runs HEALTHY in dev is requested for
 * prod, approved by a lead and HEALTHY there too; while dev's revision crash-loops (DEGRADED) the promotion is
 * refused, naming the gate.
 */
@SlipwayTest
@NodeTest
class PromotionNodeTest {

    private static final Duration ROLLOUT = Duration.ofSeconds(120);

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;

    private final List<String> namespaces = new ArrayList<>();
    private KubeCluster kube;

    @AfterEach
    void stopWhatRuns() {
        for (String namespace : namespaces) {
            try {
                new CoreV1Api(kube.client()).deleteNamespace(namespace).execute();
            } catch (ApiException e) {
                // already gone
            }
        }
    }

    @Test
    void theRevisionHealthyInDevIsPromotedToProdApprovedAndHealthyThere(KubeCluster kube) throws Exception {
        this.kube = kube;
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String dev = environment(scenario, "pdev", false, Map.of());
        String prod = environment(scenario, "pprod", true, Map.of("promotionFrom", dev));
        String service = scenario.service("promo", demoSpec(Map.of("GREETING", "hello")));
        scenario.awaitState(scenario.deploy(service, dev, null), "SYNCED");
        awaitRecordedHealth(service, dev, "HEALTHY");

        JsonNode promoted = scenario.call(post("/api/v1/services/" + service + "/promotions"), "alice",
                Map.of("from", dev, "to", prod), 201);
        long id = promoted.get("id").asLong();
        assertThat(promoted.get("revision").asInt()).isEqualTo(1);
        assertThat(promoted.get("state").asString()).isEqualTo("PENDING_APPROVAL");
        JsonNode blockers = scenario.call(get("/api/v1/deployments/" + id + "/blockers"), "alice", null, 200);
        assertThat(blockers.get("blockers")).singleElement().satisfies(b -> {
            assertThat(b.get("kind").asString()).isEqualTo("APPROVAL");
            // Other tests may add leads to payments: bob is one of them.
            assertThat(b.get("message").asString()).startsWith("Waiting for approval by a lead of team 'payments' (")
                    .contains("bob");
        });

        scenario.call(post("/api/v1/deployments/" + id + "/approve"), "bob", Map.of("comment", "healthy in dev"), 200);
        scenario.awaitState(id, "SYNCED");
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            last[0] = scenario.status(service, prod);
            assertThat(last[0].get("health").asString()).as("%s", last[0]).isEqualTo("HEALTHY");
        });
        assertThat(last[0].get("revision").asInt()).isEqualTo(1);
    }

    @Test
    void aPromotionIsRefusedWhileTheRevisionIsDegradedInDevNamingTheGate(KubeCluster kube) throws Exception {
        this.kube = kube;
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String dev = environment(scenario, "cdev", false, Map.of());
        String prod = environment(scenario, "cprod", true, Map.of("promotionFrom", dev));
        String service = scenario.service("promocrash", demoSpec(Map.of("GREETING", "hello", "DEMO_MODE", "crash")));
        scenario.awaitState(scenario.deploy(service, dev, null), "SYNCED");
        awaitRecordedHealth(service, dev, "DEGRADED");

        JsonNode refused = scenario.call(post("/api/v1/services/" + service + "/promotions"), "alice",
                Map.of("from", dev, "to", prod), 409);

        assertThat(refused.get("errors")).singleElement().satisfies(error -> assertThat(error.get("message").asString())
                .contains("Revision 1 is not HEALTHY in " + dev + " (it is DEGRADED)"));
        assertThat(scenario.call(get("/api/v1/deployments?service=" + service + "&environment=" + prod), "alice", null,
                200).get("items")).isEmpty();
    }

    private void awaitRecordedHealth(String service, String environment, String health) {
        // A sync clears the recorded health until the holder judges the new revision: the column may be null.
        Awaitility.await().atMost(ROLLOUT).pollInterval(Duration.ofMillis(500)).until(() -> (
                jdbc.query("select health from deployed_state where service_id = (select id from services where name = ?)"
                        + " and environment_id = (select id from environments where name = ?)",
                        (rs, i) -> rs.getString(1), service, environment).contains(health)));
    }

    private String environment(DeployerScenario scenario, String prefix, boolean requiresApproval,
            Map<String, Object> policy) throws Exception {
        String name = scenario.environment(prefix, requiresApproval, "DETECT", policy);
        namespaces.add("payments-" + name);
        return name;
    }

    static Map<String, Object> demoSpec(Map<String, String> config) {
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
