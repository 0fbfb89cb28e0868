package dev.slipway.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.deploy.DeployerScenario;
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
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A service whose recorded health flaps (DEGRADED, PROGRESSING, DEGRADED with a new reason, HEALTHY,
 * PROGRESSING, HEALTHY) tells its team's webhook, a real local HTTP receiver, exactly twice: once that it
 * degraded, with the reason and a link to its status page, once that it recovered; the audit trail holds both.
 */
@SlipwayTest
@KubeTest
class HealthNotificationTest {

    @Autowired MockMvc mvc;
    @Autowired DeployedStates deployed;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcTemplate jdbc;
    @Autowired LiveStateCache cache;

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aFlappingServiceTellsItsTeamOncePerTransitionWithTheReasonAndALink(KubeCluster kube) throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(DeployerScenario.JSON.readTree(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("hn", false, "DETECT");
        String service = scenario.service("hn", Map.of("image", "registry.example.com/payments/api:1.0.0",
                "replicas", 1));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        scenario.call(put("/api/v1/teams/payments/webhook"), "carol",
                Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/T0/secret"), 200);
        long serviceId = jdbc.queryForObject("select id from services where name = ?", Long.class, service);
        long environmentId = jdbc.queryForObject("select id from environments where name = ?", Long.class, env);
        // The running cache judges the pair itself once the sync is compared (no pods on this API server: not
        // HEALTHY); wait for that, so its own record does not land in the middle of the sequence below.
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                cache.holdsLease(scenario.cluster) && cache.idle()
                        && jdbc.queryForObject("select health from deployed_state where service_id = ? and environment_id = ?",
                        String.class, serviceId, environmentId) != null);

        for (String[] health : List.of(new String[] {"DEGRADED", "container app is crash-looping"},
                new String[] {"PROGRESSING", "0/1 replicas ready"},
                new String[] {"DEGRADED", "container app is crash-looping (3 restarts)"},
                new String[] {"DEGRADED", "container app is crash-looping (4 restarts)"},
                new String[] {"HEALTHY", "1/1 replicas ready"}, new String[] {"PROGRESSING", "rolling out"},
                new String[] {"HEALTHY", "1/1 replicas ready"})) {
            tx.executeWithoutResult(s -> deployed.healthChanged(serviceId, environmentId, health[0], health[1],
                    Instant.now()));
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.stream()
                .filter(m -> service.equals(m.get("service").asString())).count() >= 2);
        Thread.sleep(2_000); // anything more would have been queued in the same transactions, and sent by now
        List<JsonNode> mine = received.stream().filter(m -> service.equals(m.get("service").asString())).toList();
        assertThat(mine).extracting(m -> m.get("event").asString()).containsExactly("health.degraded",
                "health.recovered");
        JsonNode degraded = mine.get(0);
        String link = "/services/" + service + "/environments/" + env;
        assertThat(degraded.get("text").asString()).contains(service + " is DEGRADED in " + env,
                "Why: container app is crash-looping", link);
        assertThat(degraded.get("link").asString()).endsWith(link);
        assertThat(degraded.get("health").asString()).isEqualTo("DEGRADED");
        assertThat(degraded.get("team").asString()).isEqualTo("payments");
        assertThat(mine.get(1).get("text").asString()).contains(service + " recovered in " + env, link);
        assertThat(mine.get(1).get("health").asString()).isEqualTo("HEALTHY");
        assertThat(jdbc.queryForList("select action from audit_events where service = ? and environment = ?"
                + " and action like 'health.%' order by id", String.class, service, env))
                .containsExactly("health.degraded", "health.recovered");
        assertThat(jdbc.queryForList("select distinct actor from audit_events where service = ? and action like 'health.%'",
                String.class, service)).containsExactly("slipway");
        assertThat(jdbc.queryForObject("select health from deployed_state where service_id = ? and environment_id = ?",
                String.class, serviceId, environmentId)).isEqualTo("HEALTHY");
    }
}
