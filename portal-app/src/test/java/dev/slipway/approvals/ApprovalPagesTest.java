package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/** The approval page, the queue and the badge, as leads and engineers see them. */
@SlipwayTest
@KubeTest
class ApprovalPagesTest {

    @Autowired MockMvc mvc;
    @Autowired IdentityService identity;
    @Autowired JdbcTemplate jdbc;

    private ApprovalScenario scenario;
    private String prod;

    @BeforeEach
    void aTeamAndAnEnvironmentThatNeedsApproval(KubeCluster kube) throws Exception {
        scenario = new ApprovalScenario(mvc, identity).withCluster(kube);
        prod = scenario.environment("prod", true, Map.of());
    }

    @Test
    void theApprovalPageShowsTheDiffAgainstWhatRunsAndThePlanWithSecretsMasked() throws Exception {
        String service = scenario.service("shown", Map.of("image", "registry.example.com/payments/api:1.0.0",
                "replicas", 1, "secrets", List.of("DB_PASSWORD")));
        scenario.call(put("/api/v1/services/" + service + "/secrets/DB_PASSWORD"), scenario.engineer,
                Map.of("value", "hunter2-" + scenario.suffix), 204);
        long first = scenario.request(scenario.engineer, service, prod);
        scenario.decide(scenario.lead, first, "approve", null, 200);
        scenario.awaitState(first, "SYNCED");
        scenario.saveRevision(service, 2, Map.of("image", "registry.example.com/payments/api:2.0.0", "replicas", 2,
                "secrets", List.of("DB_PASSWORD")));
        long second = scenario.request(scenario.engineer, service, prod);

        String asLead = page(scenario.lead, "/deployments/" + second);

        assertThat(asLead).contains("Changes against revision 2, which runs now")
                .contains("data-path=\"spec.image\"", "registry.example.com/payments/api:1.0.0",
                        "registry.example.com/payments/api:2.0.0")
                .contains("data-path=\"spec.replicas\"")
                .contains("data-testid=\"plan-Deployment-" + service + "\"", "UPDATE")
                .contains("data-testid=\"plan-Secret-" + service + "-secrets\"")
                .contains("data-testid=\"approve\"", "data-testid=\"reject\"", "name=\"comment\"")
                .doesNotContain("hunter2", "data-testid=\"objects-changed\"");
        String asRequester = page(scenario.engineer, "/deployments/" + second);
        assertThat(asRequester).contains("data-testid=\"decision-refusal\"")
                .doesNotContain("data-testid=\"approve\"");
    }

    @Test
    void aLeadApprovesThroughTheFormWithACommentAndRejectingWithoutOneIsRefused() throws Exception {
        String service = scenario.service("form", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        long rejected = scenario.request(scenario.engineer, service, prod);
        long approved = scenario.request(scenario.engineer, service, prod);

        MvcResult noComment = mvc.perform(post("/deployments/" + rejected + "/reject").with(user(scenario.lead))
                .with(csrf())).andReturn();
        MvcResult approval = mvc.perform(post("/deployments/" + approved + "/approve").with(user(scenario.lead))
                .with(csrf()).param("comment", "lgtm")).andReturn();

        assertThat(noComment.getFlashMap().get("flashError")).asString().startsWith("comment is required");
        assertThat(scenario.deployment(rejected).get("state").asString()).isIn("PENDING_APPROVAL", "SUPERSEDED");
        assertThat(approval.getResponse().getRedirectedUrl()).isEqualTo("/deployments/" + approved);
        assertThat(approval.getFlashMap().get("flash")).asString().contains("approved");
        JsonNode decided = scenario.deployment(approved);
        assertThat(decided.get("decidedBy").asString()).isEqualTo(scenario.lead);
        assertThat(decided.get("comment").asString()).isEqualTo("lgtm");
        assertThat(mvc.perform(post("/deployments/" + approved + "/approve").with(user(scenario.engineer)).with(csrf()))
                .andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void leadsSeeWhatWaitsForThemAndForHowLongAndEngineersSeeTheirOwnRequests() throws Exception {
        String service = scenario.service("queued", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        long byEngineer = scenario.request(scenario.engineer, service, prod);
        long byLead = scenario.request(scenario.lead, service, prod);
        jdbc.update("update deployment_requests set updated_at = now() - interval '3 minutes 10 seconds' where id = ?",
                byEngineer);

        String leadQueue = page(scenario.lead, "/approvals");
        String secondLeadQueue = page(scenario.secondLead, "/approvals");
        String engineerQueue = page(scenario.engineer, "/approvals");

        assertThat(waitingIds(leadQueue)).containsExactly(String.valueOf(byEngineer));
        assertThat(leadQueue).contains("waiting 3 min");
        assertThat(waitingIds(secondLeadQueue)).containsExactlyInAnyOrder(String.valueOf(byEngineer),
                String.valueOf(byLead));
        assertThat(engineerQueue).contains("You lead no team").contains("data-testid=\"mine\"")
                .contains("data-request=\"" + byEngineer + "\"").contains("PENDING_APPROVAL");
        JsonNode api = scenario.call(get("/api/v1/approvals"), scenario.lead, null, 200);
        assertThat(api.get("items")).singleElement().satisfies(item -> {
            assertThat(item.get("id").asLong()).isEqualTo(byEngineer);
            assertThat(item.get("waitingSeconds").asLong()).isBetween(190L, 600L);
        });
    }

    @Test
    void theBadgeCountsWhatWaitsForTheSignedInLeadAndSignedOutPagesStillRender() throws Exception {
        String service = scenario.service("badge", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        scenario.request(scenario.engineer, service, prod);
        scenario.request(scenario.engineer, service, prod);

        assertThat(page(scenario.lead, "/services")).containsPattern(
                "data-testid=\"approvals-badge\"[^>]*>2</span>");
        assertThat(page(scenario.engineer, "/services")).doesNotContain("data-testid=\"approvals-badge\"");
        MvcResult login = mvc.perform(get("/login")).andReturn();
        assertThat(login.getResponse().getStatus()).isEqualTo(200);
        assertThat(login.getResponse().getContentAsString()).doesNotContain("approvals-badge");
    }

    private String page(String username, String path) throws Exception {
        MvcResult result = mvc.perform(get(path).with(user(username))).andReturn();
        assertThat(result.getResponse().getStatus()).as("GET %s as %s", path, username).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    private static List<String> waitingIds(String html) {
        int start = html.indexOf("data-testid=\"waiting\"");
        if (start < 0) {
            return List.of();
        }
        String table = html.substring(start, html.indexOf("</table>", start));
        return java.util.regex.Pattern.compile("data-request=\"(\\d+)\"").matcher(table).results()
                .map(m -> m.group(1)).toList();
    }
}
