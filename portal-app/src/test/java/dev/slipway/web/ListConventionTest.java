package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.common.PageRequest;
import dev.slipway.deploy.DeployerScenario;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * One rule for every list of the API (docs/architecture.md, "The web edge"): the answer is {@code {items,
 * nextCursor}}, and a {@code limit} that is not a whole number in the list's range is a 422 naming {@code limit}
 * with the range it accepts, whatever the list.
 */
@SlipwayTest
@KubeTest
class ListConventionTest {

    @Autowired MockMvc mvc;

    /** A list: who may read it, where, and its largest page. */
    record ListRoute(String user, String path, int max) {}

    @Test
    void everyListAnswersOneShapeAndRefusesABadLimitTheSameWay(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("lists", false, "DETECT");
        String service = scenario.service("lists", DeployerScenario.fullSpec("registry.example.com/payments/api:1.0.0"));
        List<ListRoute> lists = List.of(
                new ListRoute("alice", "/api/v1/services", 500),
                new ListRoute("alice", "/api/v1/services/" + service + "/revisions", 500),
                new ListRoute("alice", "/api/v1/deployments", 500),
                new ListRoute("bob", "/api/v1/approvals", 500),
                new ListRoute("alice", "/api/v1/audit", 500),
                new ListRoute("alice", "/api/v1/teams", 500),
                new ListRoute("carol", "/api/v1/users", 500),
                new ListRoute("alice", "/api/v1/me/tokens", 500),
                new ListRoute("alice", "/api/v1/templates", 500),
                new ListRoute("alice", "/api/v1/services/" + service + "/environments/" + env + "/timeline", 200));
        for (ListRoute list : lists) {
            JsonNode page = scenario.call(get(list.path() + "?limit=1"), list.user(), null, 200);
            assertThat(page.propertyNames()).as(list.path()).containsExactlyInAnyOrder("items", "nextCursor");
            assertThat(page.get("items").size()).as(list.path()).isLessThanOrEqualTo(1);
            scenario.call(get(list.path() + "?limit=" + list.max()), list.user(), null, 200);
            scenario.call(get(list.path() + "?limit="), list.user(), null, 200);
            for (String bad : List.of("0", "-1", String.valueOf(list.max() + 1), "abc", "1.5", "99999999999")) {
                JsonNode problem = scenario.call(get(list.path() + "?limit=" + bad), list.user(), null, 422);
                assertThat(problem.get("errors")).as(list.path() + "?limit=" + bad).hasSize(1);
                assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("limit");
                assertThat(problem.get("errors").get(0).get("message").asString()).as(list.path())
                        .isEqualTo(PageRequest.limitMessage(PageRequest.DEFAULT_LIMIT, list.max()));
            }
        }
    }

    @Test
    void aPageHasANextCursorExactlyWhenMoreFollows(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("paged", false, "DETECT");
        var spec = new java.util.HashMap<>(DeployerScenario.fullSpec("registry.example.com/payments/api:1.0.0"));
        spec.remove("secrets"); // deployable without setting a value first
        String service = scenario.service("paged", spec);
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        String path = "/api/v1/deployments?service=" + service + "&limit=";

        JsonNode first = scenario.call(get(path + "1"), "alice", null, 200);
        JsonNode second = scenario.call(get(path + "1&cursor=" + first.get("nextCursor").asString()), "alice", null, 200);
        JsonNode whole = scenario.call(get(path + "2"), "alice", null, 200);

        assertThat(first.get("items")).hasSize(1);
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("nextCursor").isNull()).as("nothing after the last").isTrue();
        assertThat(second.get("items").get(0).get("id").asLong()).isLessThan(first.get("items").get(0).get("id").asLong());
        assertThat(whole.get("items")).hasSize(2);
        assertThat(whole.get("nextCursor").isNull()).as("a full last page promises no empty next one").isTrue();
    }
}
