package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.common.TeamRole;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * A team with a single lead: before the lead asks, they learn that nobody could approve; a platform
 * admin names a fallback approver group for the environment, and its lead approves what no other lead
 * of the team can, and nothing else.
 */
@SlipwayTest
class FallbackApproversTest {

    @Autowired MockMvc mvc;
    @Autowired IdentityService identity;
    @Autowired JdbcTemplate jdbc;

    private ApprovalScenario scenario;
    private String prod;
    private String fallbackTeam;

    @BeforeEach
    void aTeamWithASingleLead() throws Exception {
        scenario = new ApprovalScenario(mvc, identity).withUnreachableCluster();
        identity.setMembership(identity.actor(ApprovalScenario.ADMIN), scenario.team, scenario.secondLead,
                TeamRole.ENGINEER);
        prod = scenario.environment("prod", true, Map.of());
        fallbackTeam = "o-" + scenario.suffix;
    }

    @Test
    void theOnlyLeadLearnsBeforeRequestingThatNobodyCouldApproveAndEngineersLearnWhoWill() throws Exception {
        String service = scenario.service("single", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));

        JsonNode asLead = scenario.approvers(scenario.lead, service, prod);
        JsonNode asEngineer = scenario.approvers(scenario.engineer, service, prod);

        assertThat(asLead.get("via").asString()).isEqualTo("NOBODY");
        assertThat(asLead.get("usernames")).isEmpty();
        assertThat(asLead.get("warning").asString()).contains("only lead of team '" + scenario.team + "'",
                prod + " has no fallback approver group", "platform admin");
        assertThat(asEngineer.get("via").asString()).isEqualTo("TEAM");
        assertThat(asEngineer.get("usernames")).singleElement().satisfies(u -> assertThat(u.asString())
                .isEqualTo(scenario.lead));
        assertThat(asEngineer.get("warning").isNull()).isTrue();
        JsonNode missing = scenario.call(get("/api/v1/services/" + service + "/approvers"), scenario.lead, null, 422);
        assertThat(missing.get("errors").get(0).get("field").asString()).isEqualTo("environment");
    }

    @Test
    void aFallbackLeadApprovesTheOnlyLeadsOwnRequestAndNothingTheTeamCanDecideItself() throws Exception {
        String service = scenario.service("fallback", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        JsonNode environment = scenario.setFallbackApprovers(prod, fallbackTeam, 200);
        assertThat(environment.get("fallbackApprovers").asString()).isEqualTo(fallbackTeam);
        assertThat(scenario.call(get("/api/v1/environments/" + prod), scenario.engineer, null, 200)
                .get("fallbackApprovers").asString()).isEqualTo(fallbackTeam);
        assertThat(jdbc.queryForObject("select details->>'fallbackApprovers' from audit_events where action ="
                + " 'environment.changed' and target = ? order by id desc limit 1", String.class, prod))
                .isEqualTo(fallbackTeam);

        JsonNode before = scenario.approvers(scenario.lead, service, prod);
        assertThat(before.get("via").asString()).isEqualTo("FALLBACK");
        assertThat(before.get("warning").asString()).contains(fallbackTeam, scenario.otherTeamLead);
        long leadsOwn = scenario.request(scenario.lead, service, prod);
        long engineers = scenario.request(scenario.engineer, service, prod);

        JsonNode queue = scenario.call(get("/api/v1/approvals"), scenario.otherTeamLead, null, 200);
        assertThat(queue.get("items")).singleElement().satisfies(item -> assertThat(item.get("id").asLong())
                .isEqualTo(leadsOwn));
        JsonNode refused = scenario.decide(scenario.otherTeamLead, engineers, "approve", "not mine", 403);
        assertThat(refused.get("detail").asString()).contains("only when team '" + scenario.team + "' has no lead");
        scenario.decide(scenario.lead, leadsOwn, "approve", "myself", 403);
        JsonNode approved = scenario.decide(scenario.otherTeamLead, leadsOwn, "approve", "covering for the team", 200);
        assertThat(approved.get("decisions").get(0).get("by").asString()).isEqualTo(scenario.otherTeamLead);
    }

    @Test
    void aFallbackGroupThatIsNoTeamIsRefusedNamingTheField() throws Exception {
        JsonNode refused = scenario.setFallbackApprovers(prod, "no-such-team-" + scenario.suffix, 422);

        assertThat(refused.get("errors")).singleElement().satisfies(error -> {
            assertThat(error.get("field").asString()).isEqualTo("fallbackApprovers");
            assertThat(error.get("message").asString()).contains("no team 'no-such-team-");
        });
        assertThat(scenario.call(get("/api/v1/environments/" + prod), scenario.engineer, null, 200)
                .get("fallbackApprovers").isNull()).isTrue();
    }

    @Test
    void thePlatformAdminSetsTheFallbackOnTheEnvironmentFormAndAnUnknownTeamIsRefusedAtTheField() throws Exception {
        String form = mvc.perform(get("/environments/" + prod).with(user(ApprovalScenario.ADMIN))).andReturn()
                .getResponse().getContentAsString();
        assertThat(form).contains("id=\"fallbackApprovers\"", "value=\"" + fallbackTeam + "\"");

        MvcResult refused = mvc.perform(post("/environments/" + prod).with(admin()).with(csrf())
                .param("cluster", "c-" + scenario.suffix).param("namespaceTemplate", "{team}-{environment}")
                .param("order", "0").param("requiresApproval", "true").param("driftMode", "DETECT")
                .param("fallbackApprovers", "gone-" + scenario.suffix)).andReturn();
        assertThat(refused.getResponse().getContentAsString()).contains("data-field=\"fallbackApprovers\"",
                "there is no team &#39;gone-" + scenario.suffix);

        MvcResult saved = mvc.perform(post("/environments/" + prod).with(admin()).with(csrf())
                .param("cluster", "c-" + scenario.suffix).param("namespaceTemplate", "{team}-{environment}")
                .param("order", "0").param("requiresApproval", "true").param("driftMode", "DETECT")
                .param("fallbackApprovers", fallbackTeam)).andReturn();
        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/environments/" + prod);
        assertThat(scenario.call(get("/api/v1/environments/" + prod), scenario.engineer, null, 200)
                .get("fallbackApprovers").asString()).isEqualTo(fallbackTeam);
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor admin() {
        return user(ApprovalScenario.ADMIN).roles("USER", "PLATFORM_ADMIN");
    }
}
