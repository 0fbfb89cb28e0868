package dev.slipway.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.NewService;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.common.TeamRole;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Insights from the deployer's real tables: facts are read by SQL, metrics match the hand count, and
 * an engineer sees the metrics of their own teams only, on the page and in the API. The history lies in
 * March 2024 with fresh teams, services and environments, so nothing else in the shared database counts.
 *
 * <pre>
 * team A, service A, prod: 02-02 synced r2 (before); 03-05 10:00 synced r3 saved 08:00 (lead 2 h);
 *                          03-06 12:00 sync of r3 FAILED; 03-06 13:00 synced r2 (rollback, restores in 1 h)
 * team B, service B, prod: 03-10 06:00 synced r2 saved 00:00 (lead 6 h)
 * </pre>
 */
@SlipwayTest
class InsightsTest {

    static final String PASSWORD = "correct-horse-battery";

    @Autowired MockMvc mvc;
    @Autowired IdentityService identity;
    @Autowired CatalogService catalog;
    @Autowired JdbcTemplate jdbc;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String teamA = "ins-a-" + suffix;
    private final String teamB = "ins-b-" + suffix;
    private final String engineerA = "ins-eng-a-" + suffix;
    private final String engineerB = "ins-eng-b-" + suffix;
    private final String prod = "ins-prod-" + suffix;

    @BeforeEach
    void aMonthOfDeployments() {
        var carol = identity.actor("carol");
        identity.createTeam(carol, new IdentityService.NewTeam(teamA, "A"));
        identity.createTeam(carol, new IdentityService.NewTeam(teamB, "B"));
        identity.createUser(carol, new IdentityService.NewUser(engineerA, "A", PASSWORD, false));
        identity.createUser(carol, new IdentityService.NewUser(engineerB, "B", PASSWORD, false));
        identity.setMembership(carol, teamA, engineerA, TeamRole.ENGINEER);
        identity.setMembership(carol, teamB, engineerB, TeamRole.ENGINEER);
        long serviceA = service("ins-svc-a-" + suffix, teamA, engineerA);
        long serviceB = service("ins-svc-b-" + suffix, teamB, engineerB);
        jdbc.update("insert into clusters (name, connection, created_by) values (?, 'IN_CLUSTER', 'test')", "c-" + suffix);
        jdbc.update("insert into environments (name, cluster_id, created_by) select ?, id, 'test' from clusters"
                + " where name = ?", prod, "c-" + suffix);

        revision(serviceA, 2, "2024-02-01T00:00:00Z");
        revision(serviceA, 3, "2024-03-05T08:00:00Z");
        revision(serviceB, 2, "2024-03-10T00:00:00Z");
        synced(serviceA, 2, "2024-02-02T00:00:00Z");
        synced(serviceA, 3, "2024-03-05T10:00:00Z");
        long failed = request(serviceA, 3, "FAILED", null, "2024-03-06T11:50:00Z");
        jdbc.update("insert into sync_runs (request_id, attempt, worker, started_at, ended_at, outcome, error)"
                + " values (?, 1, 'test', ?, ?, 'FAILED', 'refused')", failed, ts("2024-03-06T11:55:00Z"),
                ts("2024-03-06T12:00:00Z"));
        synced(serviceA, 2, "2024-03-06T13:00:00Z");
        synced(serviceB, 2, "2024-03-10T06:00:00Z");
    }

    @Test
    void theApiAnswersTheFourMetricsOfTheTeamsOneMaySee() throws Exception {
        mvc.perform(get("/api/v1/insights").param("team", teamA).param("environment", prod)
                        .param("from", "2024-03-04").param("to", "2024-03-17")
                        .with(httpBasic(engineerA, PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.from").value("2024-03-04T00:00:00Z"))
                .andExpect(jsonPath("$.to").value("2024-03-18T00:00:00Z"))
                .andExpect(jsonPath("$.deploymentsPerWeek").value(closeTo(1.0, 1e-9)))
                .andExpect(jsonPath("$.medianLeadTimeSeconds").value(7200))
                .andExpect(jsonPath("$.changeFailureRate").value(closeTo(2 / 3.0, 1e-9)))
                .andExpect(jsonPath("$.medianTimeToRestoreSeconds").value(3600))
                .andExpect(jsonPath("$.deployments").value(2))
                .andExpect(jsonPath("$.failures").value(1))
                .andExpect(jsonPath("$.rollbacks").value(1))
                .andExpect(jsonPath("$.weeks.length()").value(2));

        mvc.perform(get("/api/v1/insights").param("environment", prod).param("from", "2024-03-04")
                        .param("to", "2024-03-17").with(httpBasic("carol", "carol")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deployments").value(3))
                .andExpect(jsonPath("$.deploymentsPerWeek").value(closeTo(1.5, 1e-9)))
                .andExpect(jsonPath("$.medianLeadTimeSeconds").value((7200 + 21600) / 2))
                .andExpect(jsonPath("$.changeFailureRate").value(closeTo(0.5, 1e-9)))
                .andExpect(jsonPath("$.byTeamAndEnvironment.length()").value(2));
    }

    @Test
    void anEngineerSeesOnlyTheirOwnTeamsMetrics() throws Exception {
        mvc.perform(get("/api/v1/insights").param("environment", prod).param("from", "2024-03-04")
                        .param("to", "2024-03-17").with(httpBasic(engineerB, PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deployments").value(1))
                .andExpect(jsonPath("$.medianLeadTimeSeconds").value(21600))
                .andExpect(jsonPath("$.byTeamAndEnvironment[*].team").value(contains(teamB)));
        mvc.perform(get("/api/v1/insights").param("team", teamA).with(httpBasic(engineerB, PASSWORD)))
                .andExpect(status().isForbidden());

        String page = mvc.perform(get("/insights").param("environment", prod).param("from", "2024-03-04")
                        .param("to", "2024-03-17").with(user(engineerB)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains(teamB, "6 h").doesNotContain(teamA);
        mvc.perform(get("/insights").param("team", teamA).with(user(engineerB))).andExpect(status().isForbidden());
    }

    @Test
    void thePageDrawsItsChartsAsSvgWithoutInlineStyleOrScript() throws Exception {
        String page = mvc.perform(get("/insights").param("team", teamA).param("environment", prod)
                        .param("from", "2024-03-04").param("to", "2024-03-17").with(user(engineerA)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(page).contains("<svg", "<rect", "viewBox=\"0 0 720 220\"", "1.0 / week", "2 h", "67 %", "1 h",
                "03-04: 2 deployed");
        assertThat(page).doesNotContain("style=", "<style", "<script>", "onclick");
        mvc.perform(get("/insights").param("from", "soon").with(user(engineerA)))
                .andExpect(status().isUnprocessableContent());
    }

    private long service(String name, String team, String engineer) {
        catalog.createService(identity.actor(engineer), new NewService(name, team, "", null,
                ServiceSpec.ofImage("registry.example.com/" + name + ":1.0.0")));
        return jdbc.queryForObject("select id from services where name = ?", Long.class, name);
    }

    private void revision(long service, int number, String createdAt) {
        jdbc.update("insert into revisions (service_id, number, spec, created_by, created_at)"
                + " select service_id, ?, spec, 'test', ? from revisions where service_id = ? and number = 1",
                number, ts(createdAt), service);
    }

    private void synced(long service, int revision, String at) {
        request(service, revision, "SYNCED", at, at);
    }

    private long request(long service, int revision, String state, String syncedAt, String createdAt) {
        return jdbc.queryForObject("insert into deployment_requests (service_id, revision, environment_id, state,"
                + " requested_by, decided_by, created_at, synced_at, updated_at) select ?, ?, id, ?, 'test', 'policy', ?, ?, ?"
                + " from environments where name = ? returning id", Long.class, service, revision, state,
                ts(createdAt), syncedAt == null ? null : ts(syncedAt), ts(createdAt), prod);
    }

    private static Timestamp ts(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }
}
