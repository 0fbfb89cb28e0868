package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.deploy.live.LiveStateCache;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * Automatic rollback on the API-only server (no pod ever runs, so no revision becomes HEALTHY by itself): the first
 * revision is marked HEALTHY as the lease holder would record it, the second never is. Past its progress deadline
 * (the watcher is handed a later time instead of the test waiting) the second is rolled back by a request policy
 * approves, in an environment where people must approve, linked both ways, audited and sent to the team's webhook;
 * the rollback, not HEALTHY either, stops there and says so, and later passes do nothing more.
 */
@SlipwayTest
@KubeTest
class AutomaticRollbackTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired AutomaticRollback rollback;
    @Autowired LiveStateCache cache;

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aRevisionNotHealthyByItsDeadlineIsRolledBackByPolicyAndARollbackThatFailsTooStops(KubeCluster kube)
            throws Exception {
        List<JsonNode> received = webhookReceiver();
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = "ar-" + scenario.suffix;
        JsonNode created = scenario.call(post("/api/v1/environments"), "carol", Map.of("name", env, "cluster",
                scenario.cluster, "namespaceTemplate", "{team}-{environment}", "requiresApproval", true,
                "policy", Map.of("autoRollback", true, "progressDeadlineSeconds", 120)), 201);
        assertThat(created.get("policy").get("autoRollback").asBoolean()).isTrue();
        assertThat(created.get("policy").get("progressDeadlineSeconds").asInt()).isEqualTo(120);
        scenario.call(put("/api/v1/teams/payments/webhook"), "carol",
                Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/T0/secret"), 200);

        String service = scenario.service("ar", Map.of("image", "registry.example.com/payments/api:1.0.0", "replicas", 1));
        long good = approvedAndSynced(scenario, scenario.deploy(service, env, 1));
        // What the lease holder records when it judges the revision HEALTHY (no pod runs on this API server).
        jdbc.update("update deployment_requests set healthy_at = now() where id = ?", good);
        int broken = scenario.saveRevision(service, 1, Map.of("image", "registry.example.com/payments/api:1.0.1",
                "replicas", 1));
        long failing = approvedAndSynced(scenario, scenario.deploy(service, env, broken));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> cache.actsFor(scenario.cluster));
        awaitHealthRecorded(failing);
        Instant synced = Instant.parse(scenario.deployment(failing).get("syncedAt").asString());

        assertThat(rollback.pass(synced.plusSeconds(119))).doesNotContainKey(failing);
        assertThat(scenario.deployment(failing).get("state").asString()).isEqualTo("SYNCED");

        var acted = rollback.pass(synced.plusSeconds(121));
        assertThat(acted.get(failing)).isInstanceOf(RollbackVerdict.RollBack.class);
        JsonNode rolledBack = scenario.deployment(failing);
        assertThat(rolledBack.get("state").asString()).isEqualTo("ROLLED_BACK");
        long rollbackId = rolledBack.get("rolledBackBy").asLong();
        JsonNode rollbackRequest = scenario.awaitState(rollbackId, "SYNCED");
        assertThat(rollbackRequest.get("revision").asInt()).isEqualTo(1);
        assertThat(rollbackRequest.get("rollbackOf").asLong()).isEqualTo(failing);
        assertThat(rollbackRequest.get("requestedBy").asString()).isEqualTo("slipway");
        assertThat(rollbackRequest.get("decidedBy").asString()).isEqualTo("policy");
        assertThat(rollbackRequest.get("reason").asString()).contains("Revision " + broken + " was not HEALTHY within 120 s",
                "rolled back to revision 1");
        assertThat(scenario.status(service, env).get("revision").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForList("select actor || ' ' || action from audit_events where service = ?"
                + " and target = ? order by id", String.class, service, String.valueOf(failing)))
                .contains("slipway deployment.rolled_back");
        assertThat(jdbc.queryForList("select actor || ' ' || action from audit_events where service = ?"
                + " and target = ? order by id", String.class, service, String.valueOf(rollbackId)))
                .startsWith("slipway deployment.requested", "policy deployment.approved");

        // The rollback is not HEALTHY either: it stops there, says so, and never rolls back again.
        Instant rollbackSynced = Instant.parse(rollbackRequest.get("syncedAt").asString());
        awaitHealthRecorded(rollbackId);
        var second = rollback.pass(rollbackSynced.plusSeconds(121));
        assertThat(second.get(rollbackId)).isInstanceOf(RollbackVerdict.Stop.class);
        JsonNode stopped = scenario.deployment(rollbackId);
        assertThat(stopped.get("state").asString()).isEqualTo("SYNCED");
        assertThat(stopped.get("rollbackNote").asString()).contains("Automatic rollback stopped",
                "rolled back request " + failing, "a person has to act");
        assertThat(rollback.pass(rollbackSynced.plusSeconds(3600))).doesNotContainKeys(failing, rollbackId);
        assertThat(jdbc.queryForObject("select count(*) from deployment_requests r join services s on s.id = r.service_id"
                + " where s.name = ?", Long.class, service)).isEqualTo(3);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.stream()
                .filter(m -> service.equals(m.get("service").asString())).count() >= 2);
        List<JsonNode> mine = received.stream().filter(m -> service.equals(m.get("service").asString())).toList();
        assertThat(mine).extracting(m -> m.get("event").asString())
                .contains("deployment.rolled_back", "deployment.rollback_stopped");
        JsonNode told = mine.stream().filter(m -> m.get("event").asString().equals("deployment.rolled_back")).findFirst()
                .orElseThrow();
        assertThat(told.get("text").asString()).contains("Request " + failing, "rolled back automatically",
                "Rollback: request " + rollbackId);

        // Both pages link the two requests and say why.
        String failedPage = page("/deployments/" + failing);
        assertThat(failedPage).contains("ROLLED_BACK", "/deployments/" + rollbackId, "rolled back to revision 1");
        String rollbackPage = page("/deployments/" + rollbackId);
        assertThat(rollbackPage).contains("/deployments/" + failing, "Automatic rollback stopped");
    }

    @Test
    void aProgressDeadlineOutsideItsBoundsIsRefusedNamingTheField(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        JsonNode problem = scenario.call(post("/api/v1/environments"), "carol", Map.of("name", "ard-" + scenario.suffix,
                "cluster", scenario.cluster, "policy", Map.of("autoRollback", true, "progressDeadlineSeconds", 5)), 422);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("policy.progressDeadlineSeconds");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("from 10 to 3600");
        JsonNode wrongType = scenario.call(post("/api/v1/environments"), "carol", Map.of("name", "ard-" + scenario.suffix,
                "cluster", scenario.cluster, "policy", Map.of("autoRollback", "sometimes")), 400);
        assertThat(wrongType.toString()).contains("autoRollback");
    }

    /** The lease holder has judged the request's revision (on this API server: never HEALTHY, no pod runs). */
    private void awaitHealthRecorded(long request) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                !jdbc.queryForList("select health from deployed_state where request_id = ? and health is not null",
                        String.class, request).isEmpty());
    }

    private long approvedAndSynced(DeployerScenario scenario, long id) throws Exception {
        scenario.call(post("/api/v1/deployments/" + id + "/approve"), "bob", Map.of("comment", "ok"), 200);
        scenario.awaitState(id, "SYNCED");
        return id;
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path).with(user("alice"))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private List<JsonNode> webhookReceiver() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(DeployerScenario.JSON.readTree(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return received;
    }
}
