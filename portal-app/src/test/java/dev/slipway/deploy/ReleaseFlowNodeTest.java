package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * Release flow on bin/test-cluster's node (docs/auto-rollback.md): a revision that crashes at once, in an environment
 * with automatic rollback, is rolled back and HEALTHY again without anyone acting, within its progress deadline plus
 * a minute; a rollout restart replaces every pod and is not drift.
 */
@SlipwayTest
@NodeTest
class ReleaseFlowNodeTest {

    private static final Duration ROLLOUT = Duration.ofSeconds(120);
    private static final int DEADLINE_SECONDS = 30;

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
    void aCrashingRevisionIsRolledBackAndHealthyAgainWithoutAnyoneActing(KubeCluster kube) throws Exception {
        this.kube = kube;
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = "rb-" + scenario.suffix;
        scenario.call(post("/api/v1/environments"), "carol", Map.of("name", env, "cluster", scenario.cluster,
                "namespaceTemplate", "{team}-{environment}", "requiresApproval", false,
                "policy", Map.of("autoRollback", true, "progressDeadlineSeconds", DEADLINE_SECONDS)), 201);
        namespaces.add("payments-" + env);
        String service = scenario.service("rb", demoSpec(Map.of("GREETING", "hello"), 1));
        long good = scenario.deploy(service, env, null);
        scenario.awaitState(good, "SYNCED");
        awaitHealth(scenario, service, env, "HEALTHY");
        // The lease holder's record of that: what a rollback goes back to.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                jdbc.queryForObject("select healthy_at is not null from deployment_requests where id = ?", Boolean.class,
                        good));

        int crashing = scenario.saveRevision(service, 1, demoSpec(Map.of("GREETING", "hello", "DEMO_MODE", "crash"), 1));
        long bad = scenario.deploy(service, env, crashing);
        scenario.awaitState(bad, "SYNCED");
        long syncedAt = System.nanoTime();

        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(DEADLINE_SECONDS + 60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    last[0] = scenario.status(service, env);
                    assertThat(last[0].get("revision").asInt()).as("%s", last[0]).isEqualTo(1);
                    assertThat(last[0].get("health").asString()).as("%s", last[0]).isEqualTo("HEALTHY");
                });
        Duration took = Duration.ofNanos(System.nanoTime() - syncedAt);
        JsonNode failed = scenario.deployment(bad);
        assertThat(failed.get("state").asString()).isEqualTo("ROLLED_BACK");
        JsonNode rollback = scenario.deployment(failed.get("rolledBackBy").asLong());
        assertThat(rollback.get("rollbackOf").asLong()).isEqualTo(bad);
        assertThat(rollback.get("revision").asInt()).isEqualTo(1);
        assertThat(rollback.get("requestedBy").asString()).isEqualTo("slipway");
        assertThat(failed.get("rollbackNote").asString()).contains("Revision " + crashing + " was not HEALTHY within "
                + DEADLINE_SECONDS + " s");
        assertThat(jdbc.queryForList("select actor || ' ' || action from audit_events where target = ?"
                + " and target_type = 'deployment' order by id", String.class, String.valueOf(bad)))
                .contains("slipway deployment.rolled_back");
        System.out.println("ReleaseFlowNodeTest: crash revision synced -> HEALTHY again on revision 1 in "
                + took.toMillis() + " ms (deadline " + DEADLINE_SECONDS + " s)");
    }

    @Test
    void aRestartReplacesEveryPodAndIsNoDrift(KubeCluster kube) throws Exception {
        this.kube = kube;
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("rs", false, "DETECT");
        namespaces.add("payments-" + env);
        String service = scenario.service("rs", demoSpec(Map.of("GREETING", "hello"), 2));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        Set<String> before = podNames(awaitHealth(scenario, service, env, "HEALTHY"));
        assertThat(before).hasSize(2);

        scenario.call(post("/api/v1/services/" + service + "/environments/" + env + "/restart"), "bob", null, 202);

        Awaitility.await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = scenario.status(service, env);
            assertThat(status.get("health").asString()).as("%s", status).isEqualTo("HEALTHY");
            Set<String> now = podNames(status);
            assertThat(now).as("%s", status).hasSize(2).doesNotContainAnyElementsOf(before);
        });
        JsonNode after = scenario.status(service, env);
        assertThat(after.get("drift").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from audit_events where service = ? and action = 'drift.detected'",
                Long.class, service)).isZero();
        assertThat(jdbc.queryForList("select actor from audit_events where service = ? and action = 'service.restarted'",
                String.class, service)).containsExactly("bob");
    }

    private static Map<String, Object> demoSpec(Map<String, String> config, int replicas) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("image", KubeCluster.DEMO_IMAGE);
        spec.put("replicas", replicas);
        spec.put("ports", List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80)));
        spec.put("resources", Map.of("cpuRequest", "20m", "cpuLimit", "200m", "memoryRequest", "16Mi",
                "memoryLimit", "64Mi"));
        spec.put("config", config);
        spec.put("probes", Map.of("readinessPath", "/ready", "livenessPath", "/live", "port", "http"));
        return spec;
    }

    private static JsonNode awaitHealth(DeployerScenario scenario, String service, String env, String health) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            last[0] = scenario.status(service, env);
            assertThat(last[0].get("health").asString()).as("%s", last[0]).isEqualTo(health);
        });
        return last[0];
    }

    private static Set<String> podNames(JsonNode status) {
        Set<String> names = new TreeSet<>();
        status.get("pods").forEach(pod -> names.add(pod.get("name").asString()));
        return names;
    }
}
