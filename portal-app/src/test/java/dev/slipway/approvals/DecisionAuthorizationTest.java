package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * Every decision route against every role, through the API: the request is made by a lead of the
 * owning team, so the four-eyes rule is tested on a lead as well as on people who lead nothing here.
 */
@SlipwayTest
@KubeTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionAuthorizationTest {

    @Autowired MockMvc mvc;
    @Autowired IdentityService identity;
    @Autowired JdbcTemplate jdbc;

    private ApprovalScenario scenario;
    private String prod;
    private String service;

    @BeforeAll
    void aTeamWithAServiceAndAnEnvironmentThatNeedsApproval(KubeCluster kube) throws Exception {
        scenario = new ApprovalScenario(mvc, identity).withCluster(kube);
        prod = scenario.environment("prod", true, Map.of());
        service = scenario.service("auth", ApprovalScenario.spec("registry.example.com/payments/api:1.0.0"));
    }

    @ParameterizedTest(name = "{0} by {1} -> {2}")
    @CsvSource({
        "approve, REQUESTER_LEAD,     403",
        "approve, OTHER_LEAD,         200",
        "approve, LEAD_OF_OTHER_TEAM, 403",
        "approve, ENGINEER,           403",
        "approve, PLATFORM_ADMIN,     403",
        "reject,  REQUESTER_LEAD,     403",
        "reject,  OTHER_LEAD,         200",
        "reject,  LEAD_OF_OTHER_TEAM, 403",
        "reject,  ENGINEER,           403",
        "reject,  PLATFORM_ADMIN,     403",
        "cancel,  REQUESTER_LEAD,     200",
        "cancel,  OTHER_LEAD,         200",
        "cancel,  LEAD_OF_OTHER_TEAM, 403",
        "cancel,  ENGINEER,           403",
        "cancel,  PLATFORM_ADMIN,     200"
    })
    void onlyTheRightPeopleDecideOrCancelAndEveryRefusalIsAudited(String route, String role, int expected)
            throws Exception {
        long id = scenario.request(scenario.lead, service, prod);
        String user = userFor(role);

        JsonNode answer = scenario.decide(user, id, route, "decided by " + role, expected);

        String after = scenario.deployment(id).get("state").asString();
        if (expected == 403) {
            assertThat(answer.get("detail").asString()).isNotBlank();
            assertThat(after).isEqualTo("PENDING_APPROVAL");
            assertThat(auditActions(id, user)).contains("deployment." + route + "_refused")
                    .noneMatch(action -> action.matches("deployment\\.(approved|rejected|cancelled)"));
            assertThat(jdbc.queryForObject("select details->>'comment' from audit_events where target = ? and actor = ?"
                    + " and action = ?", String.class, String.valueOf(id), user, "deployment." + route + "_refused"))
                    .isEqualTo("decided by " + role);
        } else {
            assertThat(answer.get("state").asString()).isEqualTo(switch (route) {
                case "approve" -> "APPROVED";
                case "reject" -> "REJECTED";
                default -> "CANCELLED";
            });
            assertThat(after).isIn(switch (route) {
                case "approve" -> List.of("APPROVED", "SYNCING", "SYNCED");
                case "reject" -> List.of("REJECTED");
                default -> List.of("CANCELLED");
            });
            assertThat(auditActions(id, user)).contains(switch (route) {
                case "approve" -> "deployment.approved";
                case "reject" -> "deployment.rejected";
                default -> "deployment.cancelled";
            });
        }
    }

    @Test
    void platformAdminsAreToldWhyTheyCannotDecide() throws Exception {
        long id = scenario.request(scenario.engineer, service, prod);

        JsonNode refused = scenario.decide(ApprovalScenario.ADMIN, id, "approve", null, 403);

        assertThat(refused.get("detail").asString()).contains("being a platform admin does not make you one");
    }

    @Test
    void engineerCannotApproveOwnRequestNorCancelSomeoneElses() throws Exception {
        long own = scenario.request(scenario.engineer, service, prod);
        long leads = scenario.request(scenario.lead, service, prod);

        assertThat(scenario.decide(scenario.engineer, own, "approve", null, 403).get("detail").asString())
                .contains("own deployment request");
        scenario.decide(scenario.engineer, leads, "cancel", null, 403);
        assertThat(scenario.decide(scenario.engineer, own, "cancel", "not needed", 200).get("state").asString())
                .isEqualTo("CANCELLED");
    }

    private String userFor(String role) {
        return switch (role) {
            case "REQUESTER_LEAD" -> scenario.lead;
            case "OTHER_LEAD" -> scenario.secondLead;
            case "LEAD_OF_OTHER_TEAM" -> scenario.otherTeamLead;
            case "ENGINEER" -> scenario.engineer;
            case "PLATFORM_ADMIN" -> ApprovalScenario.ADMIN;
            default -> throw new IllegalArgumentException(role);
        };
    }

    private List<String> auditActions(long id, String actor) {
        return jdbc.queryForList("select action from audit_events where target_type = 'deployment' and target = ?"
                + " and actor = ? order by id", String.class, String.valueOf(id), actor);
    }
}
