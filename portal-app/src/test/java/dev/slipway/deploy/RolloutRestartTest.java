package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.deploy.live.LiveStateCache;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * A rollout restart on the API server: 202, the pod template's restartedAt annotation owned by field manager
 * slipway-restart (not slipway), audited, never drift, kept by the next sync; others are refused.
 */
@SlipwayTest
@KubeTest
class RolloutRestartTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired LiveStateCache cache;

    @Test
    void aRestartIsAnnotatedUnderItsOwnFieldManagerIsNoDriftAndTheNextSyncKeepsIt(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("rs", false, "DETECT");
        String service = scenario.service("rs", Map.of("image", "registry.example.com/payments/api:1.0.0", "replicas", 1));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        String path = "/api/v1/services/" + service + "/environments/" + env + "/restart";

        scenario.call(post(path), "dave", null, 403);
        JsonNode restarted = scenario.call(post(path), "alice", null, 202);
        assertThat(restarted.get("deployment").asString()).isEqualTo(service);
        String at = restarted.get("restartedAt").asString();

        JsonObject deployment = deployment(kube, service, env);
        assertThat(restartedAt(deployment)).isEqualTo(at);
        assertThat(managers(deployment)).contains("slipway", "slipway-restart");
        assertThat(ownedBy(deployment, "slipway")).doesNotContain("restartedAt");
        assertThat(ownedBy(deployment, "slipway-restart")).contains("restartedAt");
        assertThat(jdbc.queryForList("select actor from audit_events where service = ? and action = 'service.restarted'",
                String.class, service)).containsExactly("alice");

        // The lease holder compares the pair after the restart's watch events: nothing Slipway owns changed.
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> cache.actsFor(scenario.cluster));
        Thread.sleep(1_500);
        assertThat(scenario.status(service, env).get("drift").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from audit_events where service = ? and action = 'drift.detected'",
                Long.class, service)).isZero();

        int second = scenario.saveRevision(service, 1, Map.of("image", "registry.example.com/payments/api:1.0.1",
                "replicas", 1));
        scenario.awaitState(scenario.deploy(service, env, second), "SYNCED");
        assertThat(restartedAt(deployment(kube, service, env))).isEqualTo(at);
    }

    @Test
    void nothingDeployedIsNothingToRestart(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("rn", false, "DETECT");
        String service = scenario.service("rn", Map.of("image", "registry.example.com/payments/api:1.0.0", "replicas", 1));
        JsonNode problem = scenario.call(post("/api/v1/services/" + service + "/environments/" + env + "/restart"),
                "carol", null, 404);
        assertThat(problem.get("detail").asString()).contains("nothing to restart");
    }

    /** The live object as the API server answers it, managedFields included. */
    private static JsonObject deployment(KubeCluster kube, String service, String env) {
        return new DynamicKubernetesApi("apps", "v1", "deployments", kube.client()).get("payments-" + env, service)
                .getObject().getRaw();
    }

    private static String restartedAt(JsonObject deployment) {
        JsonElement value = deployment.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("metadata")
                .getAsJsonObject("annotations").get("kubectl.kubernetes.io/restartedAt");
        return value == null ? null : value.getAsString();
    }

    private static List<String> managers(JsonObject deployment) {
        List<String> managers = new ArrayList<>();
        deployment.getAsJsonObject("metadata").getAsJsonArray("managedFields")
                .forEach(f -> managers.add(f.getAsJsonObject().get("manager").getAsString()));
        return managers;
    }

    private static String ownedBy(JsonObject deployment, String manager) {
        StringBuilder owned = new StringBuilder();
        deployment.getAsJsonObject("metadata").getAsJsonArray("managedFields").forEach(f -> {
            if (manager.equals(f.getAsJsonObject().get("manager").getAsString())) {
                owned.append(f.getAsJsonObject().get("fieldsV1"));
            }
        });
        return owned.toString();
    }
}
