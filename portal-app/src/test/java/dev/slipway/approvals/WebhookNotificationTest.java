package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/** Team webhooks against a real local HTTP server: retried until delivered, and never in a decision's way. */
@SlipwayTest
@KubeTest
class WebhookNotificationTest {

    @Autowired MockMvc mvc;
    @Autowired IdentityService identity;
    @Autowired JdbcTemplate jdbc;
    @Autowired WebhookSettings settings;

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aWebhookThatFailsOnceReceivesTheRequestAndTheDecisionAfterARetry(KubeCluster kube) throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        String url = startServer(body -> {
            if (calls.incrementAndGet() == 1) {
                return 500;
            }
            received.add(ApprovalScenario.JSON.readTree(body));
            return 200;
        });
        var scenario = new ApprovalScenario(mvc, identity).withCluster(kube);
        String prod = scenario.environment("prod", true, Map.of());
        String service = scenario.service("hooked", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        scenario.call(put("/api/v1/teams/" + scenario.team + "/webhook"), ApprovalScenario.ADMIN, Map.of("url", url), 200);

        long id = scenario.request(scenario.engineer, service, prod);

        JsonNode requested = awaitEvent(received, "deployment.requested", id);
        assertThat(requested.get("text").asString()).contains(scenario.engineer + " asks to deploy " + service,
                "to " + prod, "request " + id, "a lead of team " + scenario.team);
        assertThat(requested.get("service").asString()).isEqualTo(service);
        assertThat(requested.get("environment").asString()).isEqualTo(prod);
        assertThat(requested.get("state").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(requested.get("actor").asString()).isEqualTo(scenario.engineer);
        // The receiver has the body before the outbox records the answer: wait for the record, not only the body.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(delivery(id, "deployment.requested"))
                .containsEntry("state", "DELIVERED").containsEntry("attempts", 2).containsEntry("last_error", null));

        scenario.decide(scenario.lead, id, "reject", "not during the <!channel> freeze", 200);

        JsonNode rejected = awaitEvent(received, "deployment.rejected", id);
        assertThat(rejected.get("actor").asString()).isEqualTo(scenario.lead);
        assertThat(rejected.get("state").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("text").asString()).contains("rejected request " + id)
                .contains("not during the &lt;!channel&gt; freeze").doesNotContain("<!channel>");
    }

    @Test
    void aWebhookThatAlwaysFailsNeverHoldsUpADecisionAndIsGivenUpAfterTheLastAttempt(KubeCluster kube)
            throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String url = startServer(body -> {
            calls.incrementAndGet();
            return 503;
        });
        var scenario = new ApprovalScenario(mvc, identity).withCluster(kube);
        String prod = scenario.environment("prod", true, Map.of());
        String service = scenario.service("unheard", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        scenario.call(put("/api/v1/teams/" + scenario.team + "/webhook"), ApprovalScenario.ADMIN, Map.of("url", url), 200);
        long id = scenario.request(scenario.engineer, service, prod);

        JsonNode approved = scenario.decide(scenario.lead, id, "approve", "ship it", 200);

        assertThat(approved.get("state").asString()).isEqualTo("APPROVED");
        scenario.awaitState(id, "SYNCED");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            // Make the backed-off retries due now instead of waiting for them.
            jdbc.update("update webhook_deliveries set next_attempt_at = now() where state = 'PENDING'"
                    + " and (payload->>'request')::bigint = ?", id);
            assertThat(delivery(id, "deployment.approved")).containsEntry("state", "FAILED")
                    .containsEntry("attempts", settings.maxAttempts())
                    .containsEntry("last_error", "HTTP 503");
        });
        assertThat(calls.get()).isGreaterThanOrEqualTo(2 * settings.maxAttempts());
        assertThat(jdbc.queryForList("select action from audit_events where target_type = 'deployment' and target = ?",
                String.class, String.valueOf(id))).contains("deployment.approved", "deployment.synced");
    }

    @Test
    void theUrlIsWriteOnlyAndOnlyPlatformAdminsSetIt(KubeCluster kube) throws Exception {
        var scenario = new ApprovalScenario(mvc, identity);
        String url = "https://hooks.example.com/services/T000/B000/very-secret-token";

        scenario.call(put("/api/v1/teams/" + scenario.team + "/webhook"), scenario.lead, Map.of("url", url), 403);
        scenario.call(put("/api/v1/teams/" + scenario.team + "/webhook"), ApprovalScenario.ADMIN,
                Map.of("url", "ftp://hooks.example.com/x"), 422);
        JsonNode set = scenario.call(put("/api/v1/teams/" + scenario.team + "/webhook"), ApprovalScenario.ADMIN,
                Map.of("url", url), 200);
        JsonNode read = scenario.call(get("/api/v1/teams/" + scenario.team + "/webhook"), scenario.engineer, null, 200);

        assertThat(set.get("host").asString()).isEqualTo("hooks.example.com");
        assertThat(read.toString()).contains("hooks.example.com").doesNotContain("very-secret-token");
        assertThat(jdbc.queryForObject("select count(*) from team_webhooks w join teams t on t.id = w.team_id"
                + " where t.slug = ? and position('very-secret-token'::bytea in w.url_ciphertext) > 0",
                Integer.class, scenario.team)).isZero();
        assertThat(jdbc.queryForList("select details::text from audit_events where team = ? and action like 'team.webhook%'",
                String.class, scenario.team)).singleElement().asString().contains("hooks.example.com")
                .doesNotContain("very-secret-token");
    }

    private JsonNode awaitEvent(List<JsonNode> received, String event, long id) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.stream()
                .filter(json -> json.get("event").asString().equals(event) && json.get("request").asLong() == id)
                .findFirst().orElse(null), json -> json != null);
    }

    private Map<String, Object> delivery(long id, String event) {
        return jdbc.queryForMap("select state, attempts, last_error from webhook_deliveries"
                + " where (payload->>'request')::bigint = ? and event = ?", id, event);
    }

    /** A webhook receiver on a free local port; {@code answer} gives the status for each body received. */
    private String startServer(java.util.function.Function<String, Integer> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = answer.apply(body);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/T000/secret";
    }
}
