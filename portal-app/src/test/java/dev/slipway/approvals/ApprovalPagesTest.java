package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.slipway.common.TeamRole;
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
        String asEngineer = page(scenario.engineer, "/deployments/" + first);
        assertThat(asEngineer).containsPattern("data-testid=\"run-timing\">ended \\d\\d:\\d\\d:\\d\\d UTC, after [0-9.]+ s<")
                .doesNotContain("data-testid=\"run-worker\"", "- null", ">null<");
        assertThat(page(ApprovalScenario.ADMIN, "/deployments/" + first)).contains("data-testid=\"run-worker\"");
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

        assertThat(noComment.getFlashMap().get("decisionError")).asString().startsWith("Comment is required");
        assertThat(noComment.getFlashMap().get("flashError")).isNull();
        assertThat(scenario.deployment(rejected).get("state").asString()).isIn("PENDING_APPROVAL", "SUPERSEDED");
        assertThat(approval.getResponse().getRedirectedUrl()).isEqualTo("/deployments/" + approved);
        assertThat(approval.getFlashMap().get("flash")).asString().contains("approved");
        JsonNode decided = scenario.deployment(approved);
        assertThat(decided.get("decidedBy").asString()).isEqualTo(scenario.lead);
        assertThat(decided.get("reason").asString()).isEqualTo("please");
        assertThat(decided.get("decisions").get(0).get("comment").asString()).isEqualTo("lgtm");
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

    @Test
    void theReviewShowsTheReasonAndDecisionsKeepsTheDecisionInViewWithItsErrorAndCancelAwayFromIt() throws Exception {
        String service = scenario.service("review", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        long approved = scenario.request(scenario.engineer, service, prod, "Launch checkout in prod");
        scenario.decide(scenario.lead, approved, "approve", "LGTM", 200);
        long waiting = scenario.request(scenario.engineer, service, prod, "second wave");

        String record = page(scenario.engineer, "/deployments/" + approved);
        assertThat(record).contains("Launch checkout in prod").contains("data-decision=\"APPROVED\"", "LGTM");
        String review = mvc.perform(get("/deployments/" + waiting).with(user(scenario.lead))
                .flashAttr("decisionError", "Comment is required: say why").flashAttr("decisionComment", "typed"))
                .andReturn().getResponse().getContentAsString();
        String bar = review.substring(review.indexOf("data-testid=\"decision\""));
        assertThat(review).contains("second wave");
        int decision = review.indexOf("data-testid=\"decision\"");
        int formTag = review.lastIndexOf("<form", decision);
        assertThat(review.substring(formTag, review.indexOf(">", formTag))).contains("sticky-bottom");
        assertThat(bar.substring(0, bar.indexOf("</form>"))).contains("data-testid=\"approve\"",
                "data-testid=\"decision-error\"", "Comment is required: say why", ">typed</textarea>");
        assertThat(review).doesNotContain("alert alert-danger\" role=\"alert\">Comment is required");
        int cancel = review.indexOf("data-testid=\"cancel-request\"");
        assertThat(cancel).as("cancel comes after the plan and the decision").isGreaterThan(review.indexOf("data-testid=\"decision\""));
        assertThat(review.substring(review.lastIndexOf("<button", cancel), cancel)).contains("btn-outline-secondary")
                .doesNotContain("danger");
    }

    @Test
    void aRunningSyncSaysForHowLongInWords() throws Exception {
        String service = scenario.service("running", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        long id = scenario.request(scenario.engineer, service, prod);
        scenario.decide(scenario.engineer, id, "cancel", null, 200);
        jdbc.update("insert into sync_runs (request_id, attempt, worker, started_at, outcome) values (?, 1,"
                + " '15435@vm/7ec4e552#4', now() - interval '4 seconds', 'RUNNING')", id);

        assertThat(page(scenario.engineer, "/deployments/" + id)).containsPattern("running for [0-9.]+ s")
                .doesNotContain("15435@vm", "- null", ">null<");
        assertThat(page(ApprovalScenario.ADMIN, "/deployments/" + id)).contains("15435@vm/7ec4e552#4");
        assertThat(scenario.deployment(id).get("runs").get(0).get("worker").asString()).isEqualTo("15435@vm/7ec4e552#4");
    }

    @Test
    void thePlanPageWarnsTheOnlyLeadBeforeTheyRequestAndSignInLandsOnWhatWaits() throws Exception {
        String service = scenario.service("warned", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        assertThat(page(scenario.lead, "/services/" + service + "/plan?environment=" + prod))
                .contains("data-via=\"TEAM\"", scenario.secondLead).contains("data-testid=\"request-deployment\"");
        identity.setMembership(identity.actor(ApprovalScenario.ADMIN), scenario.team, scenario.secondLead,
                dev.slipway.common.TeamRole.ENGINEER);

        String plan = page(scenario.lead, "/services/" + service + "/plan?environment=" + prod);
        assertThat(plan).contains("data-via=\"NOBODY\"", "You are the only lead of team &#39;" + scenario.team)
                .contains("has no fallback approver group");
        assertThat(plan.indexOf("data-testid=\"approvers\"")).isLessThan(plan.indexOf("data-testid=\"request-deployment\""));

        assertThat(mvc.perform(get("/").with(user(scenario.lead))).andReturn().getResponse().getRedirectedUrl())
                .isEqualTo("/services");
        scenario.request(scenario.engineer, service, prod);
        assertThat(mvc.perform(get("/").with(user(scenario.lead))).andReturn().getResponse().getRedirectedUrl())
                .isEqualTo("/approvals");
        assertThat(mvc.perform(get("/").with(user(scenario.engineer))).andReturn().getResponse().getRedirectedUrl())
                .isEqualTo("/services");
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
