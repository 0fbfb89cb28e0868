package dev.slipway.deploy.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.testsupport.Kubeconfigs;
import dev.slipway.testsupport.SlipwayTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The log routes refuse what they cannot serve before anything is asked of a cluster: a filter or a line count out
 * of range is a problem naming the field, a reader outside the team is refused and audited, and a replica that
 * follows as many tails as it may says so with 503 instead of opening another.
 */
@SlipwayTest
class LogRoutesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired LogStreams streams;
    @Autowired dev.slipway.identity.IdentityService identity;
    @Autowired dev.slipway.catalog.CatalogService catalog;
    @Autowired dev.slipway.clusters.ClusterService clusters;

    private String base;
    private String page;
    private long auditBefore;

    @BeforeEach
    void aServiceOfPaymentsOnAClusterNobodyReaches() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        var carol = identity.actor("carol");
        clusters.register(carol, "logs-cl-" + suffix, Kubeconfigs.UNREACHABLE);
        String env = "logs-env-" + suffix;
        clusters.saveEnvironment(carol, new dev.slipway.clusters.EnvironmentCommand(env, "logs-cl-" + suffix, null, 0,
                false, null, null), true);
        String service = "logs-svc-" + suffix;
        catalog.createService(identity.actor("alice"), new dev.slipway.catalog.NewService(service, "payments", "", null,
                new dev.slipway.catalog.ServiceSpec("registry.example.com/payments/api:1", 1, null, null, null, null,
                        null, List.of(), null, null, null, null)));
        page = "/services/" + service + "/environments/" + env + "/logs";
        base = "/api/v1" + page;
        auditBefore = jdbc.queryForObject("select coalesce(max(id), 0) from audit_events", Long.class);
        streams.closeAll(); // tails other tests of this context left open (MockMvc never hangs up)
    }

    @AfterEach
    void closeTails() {
        streams.closeAll();
    }

    @Test
    void aFilterLongerThanTwoHundredCharactersIsAProblemNamingQ() throws Exception {
        JsonNode problem = problem(get(base + "/stream").param("q", "x".repeat(201))
                .accept(MediaType.TEXT_EVENT_STREAM), "alice", 422);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("q");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("at most 200 characters");
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void aFilterWithControlCharactersIsAProblemNamingQ() throws Exception {
        JsonNode problem = problem(get(base + "/stream").param("q", "a\u001b[31m"), "alice", 422);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("q");
    }

    @Test
    void aDownloadOfZeroOrTooManyOrNotANumberOfLinesIsAProblemNamingLines() throws Exception {
        for (String lines : List.of("0", "10001", "-5", "many", "1e3", "99999999999")) {
            JsonNode problem = problem(get(base + "/download").param("lines", lines), "alice", 422);
            assertThat(problem.get("errors").get(0).get("field").asString()).as(lines).isEqualTo("lines");
            assertThat(problem.get("errors").get(0).get("message").asString()).as(lines)
                    .isEqualTo("must be a whole number from 1 to 10000");
        }
    }

    @Test
    void anEngineerOfAnotherTeamIsRefusedEveryLogRouteAndEachRefusalIsAudited() throws Exception {
        for (String path : List.of(base + "?pod=any", base + "/stream", base + "/download?lines=10")) {
            JsonNode problem = problem(get(path), "dave", 403);
            assertThat(problem.get("detail").asString()).contains("Only members of team 'payments' and platform admins");
        }
        for (String path : List.of(page, page + "?pod=any", page + "/stream", page + "/download")) {
            assertThat(mvc.perform(get(path).with(user("dave"))).andReturn().getResponse().getStatus()).as(path).isEqualTo(403);
        }
        List<Map<String, Object>> refusals = jdbc.queryForList("select target, details::text as details from audit_events"
                + " where id > ? and action = 'access.denied' and actor = 'dave' order by id", auditBefore);
        assertThat(refusals).hasSize(7).allSatisfy(event ->
                assertThat((String) event.get("details")).contains("may read the logs of its services"));
        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void theTeamAndPlatformAdminsGetPastTheRefusal() throws Exception {
        // The cluster cannot be reached: the answer is about the cluster (502), not about who asks.
        for (String reader : List.of("alice", "carol")) {
            int status = mvc.perform(get(base + "/download").param("lines", "5").with(httpBasic(reader, reader)))
                    .andReturn().getResponse().getStatus();
            assertThat(status).as(reader).isEqualTo(502);
        }
    }

    @Test
    void aReplicaFollowingAsManyTailsAsItMayAnswers503WithRetryAfterAndTheNextFitsOnceOneCloses() throws Exception {
        int max = 20; // slipway.logs.max-streams, default
        for (int i = 0; i < max; i++) {
            var response = mvc.perform(get(base + "/stream").with(httpBasic("alice", "alice"))).andReturn().getResponse();
            assertThat(response.getStatus()).isEqualTo(200);
        }
        assertThat(streams.openStreams()).isEqualTo(max);

        MockHttpServletResponse refused = mvc.perform(get(base + "/stream").with(httpBasic("carol", "carol"))
                .accept(MediaType.TEXT_EVENT_STREAM)).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("30");
        assertThat(JSON.readTree(refused.getContentAsString()).get("detail").asString())
                .contains("already follows 20 live log streams");

        streams.closeAll();
        assertThat(streams.openStreams()).isZero();
        assertThat(mvc.perform(get(base + "/stream").with(httpBasic("carol", "carol"))).andReturn().getResponse()
                .getStatus()).isEqualTo(200);
    }

    private JsonNode problem(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
            String user, int status) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(httpBasic(user, user))).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        return JSON.readTree(response.getContentAsString());
    }
}
