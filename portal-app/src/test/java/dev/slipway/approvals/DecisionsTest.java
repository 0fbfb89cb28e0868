package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/** Decisions through the API against a real API server: what a lead approves is what gets deployed, once. */
@SlipwayTest
@KubeTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionsTest {

    @Autowired MockMvc mvc;
    @Autowired IdentityService identity;
    @Autowired JdbcTemplate jdbc;

    private ApprovalScenario scenario;
    private String prod;

    @BeforeAll
    void aTeamAndAnEnvironmentThatNeedsApproval(KubeCluster kube) throws Exception {
        scenario = new ApprovalScenario(mvc, identity).withCluster(kube);
        prod = scenario.environment("prod", true, Map.of());
    }

    @Test
    void aRequestWaitsUntilALeadApprovesItThenTheDeployerSyncsIt() throws Exception {
        String service = scenario.service("waits", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        long id = scenario.request(scenario.engineer, service, prod);
        assertThat(scenario.deployment(id).get("state").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(scenario.deployment(id).get("waitingSince").isNull()).isFalse();

        JsonNode approved = scenario.decide(scenario.lead, id, "approve", "reviewed the diff", 200);

        assertThat(approved.get("state").asString()).isEqualTo("APPROVED");
        assertThat(approved.get("decidedBy").asString()).isEqualTo(scenario.lead);
        assertThat(approved.get("decisions")).singleElement().satisfies(decision -> {
            assertThat(decision.get("by").asString()).isEqualTo(scenario.lead);
            assertThat(decision.get("decision").asString()).isEqualTo("APPROVED");
            assertThat(decision.get("comment").asString()).isEqualTo("reviewed the diff");
        });
        assertThat(approved.get("waitingSince").isNull()).isTrue();
        scenario.awaitState(id, "SYNCED");
        assertThat(jdbc.queryForObject("select details->>'comment' from audit_events where target_type = 'deployment'"
                + " and target = ? and action = 'deployment.approved'", String.class, String.valueOf(id)))
                .isEqualTo("reviewed the diff");
    }

    @Test
    void rejectingSaysWhy() throws Exception {
        String service = scenario.service("why", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        long id = scenario.request(scenario.engineer, service, prod);

        JsonNode missing = scenario.decide(scenario.lead, id, "reject", " ", 422);
        JsonNode rejected = scenario.decide(scenario.lead, id, "reject", "wait for the freeze to end", 200);

        assertThat(missing.get("errors").get(0).get("field").asString()).isEqualTo("comment");
        assertThat(rejected.get("state").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("reason").asString()).isEqualTo("please");
        assertThat(rejected.get("decisions").get(0).get("comment").asString()).isEqualTo("wait for the freeze to end");
        assertThat(jdbc.queryForObject("select count(*) from sync_jobs where request_id = ?", Integer.class, id)).isZero();
    }

    @Test
    void approvingKeepsTheRequestersReasonAndEveryDecisionWithItsAuthorAndTime() throws Exception {
        String service = scenario.service("reason", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        long approved = scenario.request(scenario.engineer, service, prod, "Launch checkout in prod");
        long cancelled = scenario.request(scenario.engineer, service, prod, "second try");

        scenario.decide(scenario.lead, approved, "approve", "LGTM", 200);
        scenario.decide(scenario.secondLead, cancelled, "cancel", "wrong revision", 200);

        JsonNode record = scenario.deployment(approved);
        assertThat(record.get("reason").asString()).isEqualTo("Launch checkout in prod");
        assertThat(record.get("comment").asString()).as("the old field stays the reason").isEqualTo(
                "Launch checkout in prod");
        assertThat(record.get("decisions")).singleElement().satisfies(decision -> {
            assertThat(decision.get("by").asString()).isEqualTo(scenario.lead);
            assertThat(decision.get("decision").asString()).isEqualTo("APPROVED");
            assertThat(decision.get("comment").asString()).isEqualTo("LGTM");
            assertThat(java.time.Instant.parse(decision.get("at").asString()))
                    .isEqualTo(java.time.Instant.parse(record.get("decidedAt").asString()));
        });
        JsonNode withdrawn = scenario.deployment(cancelled);
        assertThat(withdrawn.get("reason").asString()).isEqualTo("second try");
        assertThat(withdrawn.get("decisions")).singleElement().satisfies(decision -> {
            assertThat(decision.get("by").asString()).isEqualTo(scenario.secondLead);
            assertThat(decision.get("decision").asString()).isEqualTo("CANCELLED");
            assertThat(decision.get("comment").asString()).isEqualTo("wrong revision");
        });
    }

    @Test
    void twoLeadsDecidingTheSameRequestAtTheSameMomentGiveOneDecisionAndOneConflict() throws Exception {
        String service = scenario.service("race", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                long id = scenario.request(scenario.engineer, service, prod);
                CountDownLatch go = new CountDownLatch(1);
                Future<MvcResult> approve = threads.submit(() -> {
                    go.await();
                    return scenario.perform(post("/api/v1/deployments/" + id + "/approve"), scenario.lead,
                            Map.of("comment", "ship it"));
                });
                Future<MvcResult> reject = threads.submit(() -> {
                    go.await();
                    return scenario.perform(post("/api/v1/deployments/" + id + "/reject"), scenario.secondLead,
                            Map.of("comment", "not yet"));
                });
                go.countDown();
                MvcResult approved = approve.get(60, TimeUnit.SECONDS);
                MvcResult rejected = reject.get(60, TimeUnit.SECONDS);

                List<Integer> statuses = new ArrayList<>(List.of(approved.getResponse().getStatus(),
                        rejected.getResponse().getStatus()));
                assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 409);
                boolean approveWon = approved.getResponse().getStatus() == 200;
                String conflict = (approveWon ? rejected : approved).getResponse().getContentAsString();
                assertThat(conflict).as("names the decision taken first, even if the deployer has moved on")
                        .containsIgnoringCase(approveWon
                                ? "approved by " + scenario.lead + " at "
                                : "already REJECTED by " + scenario.secondLead + " at ");
                assertThat(scenario.deployment(id).get("state").asString())
                        .isIn(approveWon ? List.of("APPROVED", "SYNCING", "SYNCED") : List.of("REJECTED"));
                assertThat(decisionsAudited(id)).containsExactly(approveWon ? "deployment.approved" : "deployment.rejected");
                assertThat(auditActions(id)).filteredOn(action -> action.endsWith("_refused"))
                        .containsExactly(approveWon ? "deployment.reject_refused" : "deployment.approve_refused");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Approving a request supersedes the older waiting ones of its service and environment, locking them;
     * found by bench/faults: approvals of one service's requests taking those locks in different orders
     * deadlocked, and PostgreSQL's victim answered 500.
     */
    @Test
    void approvingManyWaitingRequestsOfOneServiceAtOnceGivesDecisionsAndConflictsOnly() throws Exception {
        String service = scenario.service("pile", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(scenario.request(scenario.engineer, service, prod));
        }
        ExecutorService threads = Executors.newFixedThreadPool(ids.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<MvcResult>> approvals = new ArrayList<>();
            for (long id : ids) {
                approvals.add(threads.submit(() -> {
                    go.await();
                    return scenario.perform(post("/api/v1/deployments/" + id + "/approve"), scenario.lead,
                            Map.of("comment", "all at once"));
                }));
            }
            go.countDown();
            List<String> answers = new ArrayList<>();
            for (Future<MvcResult> approval : approvals) {
                var response = approval.get(120, TimeUnit.SECONDS).getResponse();
                answers.add(response.getStatus() + " " + response.getContentAsString());
            }

            // a 409 must be the decision's own (superseded or approved meanwhile), not a lost lock race
            assertThat(answers).allSatisfy(answer -> assertThat(answer).matches("200 .*|409 .*is already .*"));
            assertThat(answers).anySatisfy(answer -> assertThat(answer).startsWith("200 "));
        } finally {
            threads.shutdownNow();
        }
        long newest = ids.get(ids.size() - 1);
        assertThat(scenario.deployment(newest).get("state").asString()).isIn("APPROVED", "SYNCING", "SYNCED");
    }

    @Test
    void approvingARequestThatNoLongerWaitsIsRefusedWithAConflict() throws Exception {
        String service = scenario.service("late", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
        long cancelled = scenario.request(scenario.engineer, service, prod);
        scenario.decide(scenario.engineer, cancelled, "cancel", "changed my mind", 200);
        long rejected = scenario.request(scenario.engineer, service, prod);
        scenario.decide(scenario.lead, rejected, "reject", "no", 200);
        long superseded = scenario.request(scenario.engineer, service, prod);
        long newer = scenario.request(scenario.engineer, service, prod);
        scenario.decide(scenario.lead, newer, "approve", null, 200);

        assertThat(scenario.decide(scenario.secondLead, cancelled, "approve", null, 409).get("detail").asString())
                .contains("is already CANCELLED since");
        assertThat(scenario.decide(scenario.secondLead, rejected, "approve", null, 409).get("detail").asString())
                .contains("is already REJECTED by " + scenario.lead + " at ");
        assertThat(scenario.decide(scenario.secondLead, superseded, "approve", null, 409).get("detail").asString())
                .contains("is already SUPERSEDED since");
        assertThat(scenario.decide(scenario.secondLead, newer, "approve", null, 409).get("detail").asString())
                .containsPattern("is already (APPROVED by|SYNCING since|SYNCED since)");
        scenario.decide(scenario.secondLead, cancelled, "cancel", null, 409);
        for (long id : List.of(cancelled, rejected, superseded)) {
            assertThat(auditActions(id)).contains("deployment.approve_refused");
        }
        scenario.awaitState(newer, "SYNCED");
    }

    private List<String> decisionsAudited(long id) {
        return auditActions(id).stream()
                .filter(action -> action.equals("deployment.approved") || action.equals("deployment.rejected"))
                .toList();
    }

    private List<String> auditActions(long id) {
        return jdbc.queryForList("select action from audit_events where target_type = 'deployment' and target = ?"
                + " order by id", String.class, String.valueOf(id));
    }
}
