package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * An approval approves exactly the objects that were rendered when the request was made. The cluster
 * here never answers, so an approved request keeps retrying and the environment can change between
 * the approval and the attempt that would apply it.
 */
@SlipwayTest
class ReapprovalTest {

    @Autowired MockMvc mvc;
    @Autowired IdentityService identity;
    @Autowired JdbcTemplate jdbc;

    private ApprovalScenario scenario;

    @BeforeEach
    void aTeamOnAClusterThatNeverAnswers() throws Exception {
        scenario = new ApprovalScenario(mvc, identity).withUnreachableCluster();
    }

    @Test
    void anEnvironmentChangeBetweenApprovalAndSyncSendsTheRequestBackForApproval() throws Exception {
        String prod = scenario.environment("prod", true, Map.of());
        String service = scenario.service("moved", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        long id = scenario.request(scenario.engineer, service, prod);
        String requestedHash = renderedHash(id);
        scenario.decide(scenario.lead, id, "approve", "looks right", 200);
        awaitRunOutcome(id, "RETRYING");

        scenario.changeEnvironment(prod, "{team}-{environment}-moved", true, Map.of());

        JsonNode back = scenario.awaitState(id, "PENDING_APPROVAL");
        JsonNode refusedRun = back.get("runs").get(back.get("runs").size() - 1);
        assertThat(refusedRun.get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(refusedRun.get("error").asString()).contains("now renders differently for " + prod)
                .contains("Nothing was applied");
        assertThat(back.get("decidedBy").isNull()).isTrue();
        assertThat(renderedHash(id)).isNotEqualTo(requestedHash);
        assertThat(jdbc.queryForMap("select actor, details->>'reason' as reason from audit_events"
                + " where target_type = 'deployment' and target = ? and action = 'deployment.reapproval_required'",
                String.valueOf(id))).containsEntry("actor", "deployer")
                .hasEntrySatisfying("reason", reason -> assertThat((String) reason).contains("must approve"));
        JsonNode queue = scenario.call(get("/api/v1/approvals"), scenario.secondLead, null, 200);
        assertThat(queue.get("items").findValuesAsString("id")).contains(String.valueOf(id));

        scenario.decide(scenario.secondLead, id, "approve", "the moved namespace is right", 200);

        int refused = refusedRun.get("attempt").asInt();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode runs = scenario.deployment(id).get("runs");
            assertThat(runs.get(refused - 1).get("outcome").asString()).as("the refused run is kept").isEqualTo("REFUSED");
            assertThat(runs.size()).isGreaterThan(refused);
            assertThat(runs.get(refused).get("attempt").asInt()).isEqualTo(refused + 1);
        });
    }

    @Test
    void approvingIsRefusedWhenTheObjectsChangedSinceTheRequest() throws Exception {
        String prod = scenario.environment("prod", true, Map.of());
        String service = scenario.service("stale", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        long id = scenario.request(scenario.engineer, service, prod);

        scenario.changeEnvironment(prod, "{team}-{environment}-moved", true, Map.of());
        JsonNode refused = scenario.decide(scenario.lead, id, "approve", "ok", 409);

        assertThat(refused.get("detail").asString())
                .startsWith("The objects changed since the request was made; reload to see the new plan.");
        assertThat(scenario.deployment(id).get("state").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(jdbc.queryForMap("select actor, details->>'reason' as reason, details->>'comment' as comment"
                + " from audit_events where target_type = 'deployment' and target = ?"
                + " and action = 'deployment.approve_refused'", String.valueOf(id)))
                .containsEntry("actor", scenario.lead).containsEntry("comment", "ok")
                .hasEntrySatisfying("reason", reason -> assertThat((String) reason).contains("render differently"));
    }

    @Test
    void whereNoApprovalIsNeededPolicyApprovesTheObjectsAsTheyRenderNow() throws Exception {
        String dev = scenario.environment("dev", false, Map.of());
        String service = scenario.service("policy", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        long id = scenario.request(scenario.engineer, service, dev);
        String requestedHash = renderedHash(id);
        awaitRunOutcome(id, "RETRYING");

        scenario.changeEnvironment(dev, "{team}-{environment}-moved", false, Map.of());

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "select actor from audit_events where target_type = 'deployment' and target = ?"
                        + " and action = 'deployment.reapproved'", String.class, String.valueOf(id)))
                .containsExactly("policy"));
        assertThat(renderedHash(id)).isNotEqualTo(requestedHash);
        assertThat(scenario.deployment(id).get("state").asString()).isNotEqualTo("PENDING_APPROVAL");
    }

    @Test
    void aGuardrailTightenedAfterApprovalFailsTheSyncWithTheProblem() throws Exception {
        String dev = scenario.environment("dev", false, Map.of("maxReplicas", 5));
        String service = scenario.service("tight", Map.of("image", "registry.example.com/payments/api:1.0.0",
                "replicas", 3));
        long id = scenario.request(scenario.engineer, service, dev);
        awaitRunOutcome(id, "RETRYING");

        scenario.changeEnvironment(dev, "{team}-{environment}", false, Map.of("maxReplicas", 2));

        JsonNode failed = scenario.awaitState(id, "FAILED");
        JsonNode lastRun = failed.get("runs").get(failed.get("runs").size() - 1);
        assertThat(lastRun.get("outcome").asString()).isEqualTo("FAILED");
        assertThat(lastRun.get("error").asString()).isEqualTo("Refused by the guardrails of " + dev + ": spec.replicas"
                + " must be at most 2 in " + dev + " (guardrail maxReplicas), not 3. Nothing was applied.");
    }

    private void awaitRunOutcome(long id, String outcome) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                scenario.deployment(id).get("runs").findValuesAsString("outcome")).contains(outcome));
    }

    private String renderedHash(long id) {
        return jdbc.queryForObject("select rendered_hash from deployment_requests where id = ?", String.class, id);
    }
}
