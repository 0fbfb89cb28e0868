package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.slipway.deploy.release.WindowOpener;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * The release flow through the API against a real API server (docs/release-flow.md): policy fields, requests
 * that wait for a window and start when it opens (the test moves the window, nothing sleeps), a lead's
 * override, and promotions refused naming each unmet gate. The node test proves a HEALTHY promotion with pods.
 */
@SlipwayTest
@KubeTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseFlowTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired WindowOpener opener;
    @Autowired dev.slipway.deploy.requests.DeployerWakeUp deployerWakeUp;

    private DeployerScenario scenario;

    @BeforeAll
    void aCluster(KubeCluster kube) throws Exception {
        scenario = new DeployerScenario(mvc).withCluster(kube);
    }

    @Test
    void thePolicyTakesPromotionFromSoakAndWindowsAndNamesEachBadField() throws Exception {
        String dev = environment("pdev", false, Map.of());
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("promotionFrom", "nowhere-" + scenario.suffix);
        bad.put("soakMinutes", -1);
        bad.put("windows", List.of(Map.of("days", List.of("MONDAY"), "from", "9", "to", "17:00", "timeZone", "Mars/Base")));
        JsonNode problem = scenario.call(post("/api/v1/environments"), "carol", environmentBody("pbad-" + scenario.suffix,
                false, bad), 422);
        assertThat(problem.get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("policy.promotionFrom",
                "policy.soakMinutes", "policy.windows[0].days[0]", "policy.windows[0].from", "policy.windows[0].timeZone");

        Map<String, Object> good = Map.of("promotionFrom", dev, "soakMinutes", 10, "windows", List.of(Map.of("days",
                List.of("MON", "FRI"), "from", "09:00", "to", "17:00", "timeZone", "Europe/Berlin")));
        String prod = environment("pprod", true, good);
        JsonNode saved = scenario.call(get("/api/v1/environments/" + prod), "alice", null, 200).get("policy");
        assertThat(saved.get("promotionFrom").asString()).isEqualTo(dev);
        assertThat(saved.get("soakMinutes").asInt()).isEqualTo(10);
        assertThat(saved.get("windows").get(0).get("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(saved.get("windows").get(0).get("days").toString()).contains("MON", "FRI");

        String page = mvc.perform(get("/environments/" + prod).with(user("alice"))).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("Promotion from").contains(dev).contains("10 minutes")
                .contains("MON, FRI 09:00-17:00 Europe/Berlin");
    }

    @Test
    void theEnvironmentFormTakesWindowsOnePerLineAndShowsAProblemAtTheField() throws Exception {
        String dev = environment("fdev", false, Map.of());
        String name = "fprod-" + scenario.suffix;
        var admin = user("carol").roles("USER", "PLATFORM_ADMIN");
        String refused = mvc.perform(post("/environments").with(admin).with(csrf()).param("name", name)
                        .param("cluster", scenario.cluster).param("order", "1").param("driftMode", "DETECT")
                        .param("promotionFrom", dev).param("soakMinutes", "15")
                        .param("windows", "MON,TUE 09:00-17:00 Europe/Berlin\nSAT 10:00-12:00 Nowhere/Land"))
                .andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("must be a time zone such as Europe/Berlin or UTC").contains("Nowhere/Land");

        mvc.perform(post("/environments").with(admin).with(csrf()).param("name", name).param("cluster", scenario.cluster)
                .param("order", "1").param("driftMode", "DETECT").param("promotionFrom", dev).param("soakMinutes", "15")
                .param("windows", "MON,TUE 09:00-17:00 Europe/Berlin\r\nSAT 10:00-12:00 UTC"));

        JsonNode policy = scenario.call(get("/api/v1/environments/" + name), "alice", null, 200).get("policy");
        assertThat(policy.get("promotionFrom").asString()).isEqualTo(dev);
        assertThat(policy.get("soakMinutes").asInt()).isEqualTo(15);
        assertThat(policy.get("windows")).hasSize(2);
        String page = mvc.perform(get("/environments/" + name).with(admin)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("MON, TUE 09:00-17:00 Europe/Berlin; SAT 10:00-12:00 UTC")
                .contains("MON,TUE 09:00-17:00 Europe/Berlin");
    }

    @Test
    void anApprovedRequestOutsideTheWindowWaitsAndStartsWhenTheWindowOpens() throws Exception {
        String env = environment("pwin", false, Map.of("windows", List.of(notToday())));
        String service = scenario.service("pwin", Map.of("image", "registry.example.com/payments/api:1", "replicas", 1));

        long id = scenario.deploy(service, env, null);

        assertThat(scenario.deployment(id).get("state").asString()).isEqualTo("WAITING_FOR_WINDOW");
        JsonNode blockers = blockers(id);
        assertThat(blockers.get("blockers")).singleElement().satisfies(b -> {
            assertThat(b.get("kind").asString()).isEqualTo("WINDOW");
            assertThat(b.get("message").asString()).contains("Outside the deployment windows of " + env)
                    .contains("next opening at");
            assertThat(b.get("until").isNull()).isFalse();
        });
        opener.openDue();
        assertThat(scenario.deployment(id).get("state").asString()).isEqualTo("WAITING_FOR_WINDOW");
        assertThat(jdbc.queryForObject("select count(*) from sync_jobs where request_id = ?", Long.class, id)).isZero();
        String page = mvc.perform(get("/deployments/" + id).with(user("alice"))).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("Outside the deployment windows of " + env);

        // The platform team moves the window over now: the opener starts the request, the deployer syncs it.
        changeEnvironment(env, false, Map.of("windows", List.of(Map.of("days", List.of("MON", "TUE", "WED", "THU", "FRI",
                "SAT", "SUN"), "from", "00:00", "to", "24:00", "timeZone", "UTC"))));
        opener.openDue();
        scenario.awaitState(id, "SYNCED");
        assertThat(blockers(id).get("blockers")).isEmpty();
        assertThat(audit(id)).contains("deployment.waiting_for_window", "deployment.window_opened", "deployment.synced");
    }

    @Test
    void theDeployerDoesNotStartARequestWhoseWindowClosedAfterItWasApproved() throws Exception {
        String env = environment("pclosed", false, Map.of("windows", List.of(notToday())));
        String service = scenario.service("pclosed", Map.of("image", "registry.example.com/payments/api:1", "replicas", 1));
        long id = scenario.deploy(service, env, null);
        assertThat(scenario.deployment(id).get("state").asString()).isEqualTo("WAITING_FOR_WINDOW");

        // As if it had been approved and queued while the window was still open: the deployer claims it now.
        jdbc.update("update deployment_requests set state = 'APPROVED' where id = ?", id);
        jdbc.update("insert into sync_jobs (request_id, service_id, environment_id) select id, service_id, environment_id"
                + " from deployment_requests where id = ?", id);
        deployerWakeUp.signal();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(audit(id)).contains("deployment.waiting_for_window"));
        assertThat(jdbc.queryForList("select actor from audit_events where target_type = 'deployment' and target = ?"
                + " and action = 'deployment.waiting_for_window' order by id", String.class, String.valueOf(id)))
                .containsExactly("policy", "deployer");
        assertThat(scenario.deployment(id).get("state").asString()).isEqualTo("WAITING_FOR_WINDOW");
        assertThat(scenario.deployment(id).get("runs")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from sync_jobs where request_id = ?", Long.class, id)).isZero();
    }

    @Test
    void onlyALeadOverridesTheWindowAndOnlyWithAReasonWhichThePageShows() throws Exception {
        String env = environment("pover", true, Map.of("windows", List.of(notToday())));
        String service = scenario.service("pover", Map.of("image", "registry.example.com/payments/api:1", "replicas", 1));
        long id = scenario.deploy(service, env, null);
        assertThat(blockers(id).get("blockers").findValuesAsString("kind")).containsExactly("APPROVAL", "WINDOW");
        assertThat(blockers(id).get("blockers").get(0).get("message").asString())
                .startsWith("Waiting for approval by a lead of team 'payments' (").contains("bob"); // other tests may add leads

        scenario.call(post("/api/v1/deployments/" + id + "/override-window"), "bob", Map.of("reason", "hotfix"), 409);
        scenario.call(post("/api/v1/deployments/" + id + "/approve"), "bob", Map.of("comment", "ok"), 200);
        assertThat(scenario.deployment(id).get("state").asString()).isEqualTo("WAITING_FOR_WINDOW");

        scenario.call(post("/api/v1/deployments/" + id + "/override-window"), "alice", Map.of("reason", "hotfix"), 403);
        scenario.call(post("/api/v1/deployments/" + id + "/override-window"), "dave", Map.of("reason", "hotfix"), 403);
        scenario.call(post("/api/v1/deployments/" + id + "/override-window"), "carol", Map.of("reason", "hotfix"), 403);
        JsonNode missing = scenario.call(post("/api/v1/deployments/" + id + "/override-window"), "bob", Map.of(), 422);
        assertThat(missing.get("errors").get(0).get("field").asString()).isEqualTo("reason");

        JsonNode overridden = scenario.call(post("/api/v1/deployments/" + id + "/override-window"), "bob",
                Map.of("reason", "payment outage fix, cannot wait for Monday"), 200);
        assertThat(overridden.get("windowOverride").get("by").asString()).isEqualTo("bob");
        scenario.awaitState(id, "SYNCED");
        assertThat(blockers(id).get("windowOverride").get("reason").asString())
                .isEqualTo("payment outage fix, cannot wait for Monday");
        String page = mvc.perform(get("/deployments/" + id).with(user("alice"))).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("payment outage fix, cannot wait for Monday").contains("bob");
        assertThat(audit(id)).contains("deployment.window_overridden");
    }

    @Test
    void aPromotionIsRefusedNamingEachUnmetGateAndAllowedOnceTheRevisionHasSoaked() throws Exception {
        String dev = environment("sdev", false, Map.of());
        String prod = environment("sprod", true, Map.of("promotionFrom", dev, "soakMinutes", 10));
        String service = scenario.service("soak", Map.of("image", "registry.example.com/payments/api:1", "replicas", 1));
        String promotions = "/api/v1/services/" + service + "/promotions";

        JsonNode nothing = scenario.call(post(promotions), "alice", Map.of("from", dev, "to", prod), 409);
        assertThat(nothing.get("errors").get(0).get("message").asString()).contains("Nothing runs in " + dev);
        scenario.call(post(promotions), "dave", Map.of("from", dev, "to", prod), 403);
        scenario.call(post(promotions), "carol", Map.of("from", dev, "to", prod), 403);
        JsonNode wrongSource = scenario.call(post(promotions), "alice", Map.of("from", prod, "to", prod), 422);
        assertThat(wrongSource.get("errors").get(0).get("field").asString()).isEqualTo("from");

        scenario.awaitState(scenario.deploy(service, dev, null), "SYNCED");
        // The API server runs no pods: what the health judge recorded is set here, as it would record it.
        health(service, dev, "DEGRADED", 60);
        JsonNode degraded = scenario.call(post(promotions), "alice", Map.of("from", dev, "to", prod), 409);
        assertThat(degraded.get("errors").get(0).get("message").asString())
                .contains("Revision 1 is not HEALTHY in " + dev + " (it is DEGRADED)");
        health(service, dev, "HEALTHY", 3);
        JsonNode soaking = scenario.call(post(promotions), "alice", Map.of("to", prod), 409);
        assertThat(soaking.get("errors").get(0).get("message").asString()).startsWith("Soak 3 of 10 minutes");

        // A plain request waits, saying so; its approval is refused while the gate holds.
        long plain = scenario.deploy(service, prod, 1);
        assertThat(blockers(plain).get("blockers").findValuesAsString("kind")).containsExactly("APPROVAL", "SOAK");
        JsonNode refused = scenario.call(post("/api/v1/deployments/" + plain + "/approve"), "bob",
                Map.of("comment", "ok"), 409);
        assertThat(refused.get("errors").get(0).get("message").asString()).startsWith("Soak 3 of 10 minutes");

        health(service, dev, "HEALTHY", 11);
        JsonNode promoted = scenario.call(post(promotions), "alice", Map.of("from", dev, "to", prod), 201);
        assertThat(promoted.get("revision").asInt()).isEqualTo(1);
        assertThat(promoted.get("state").asString()).isEqualTo("PENDING_APPROVAL");
        long id = promoted.get("id").asLong();
        assertThat(scenario.deployment(plain).get("state").asString()).isEqualTo("PENDING_APPROVAL");
        scenario.call(post("/api/v1/deployments/" + id + "/approve"), "bob", Map.of("comment", "soaked"), 200);
        scenario.awaitState(id, "SYNCED");
        assertThat(scenario.deployment(plain).get("state").asString()).isEqualTo("SUPERSEDED");
        assertThat(jdbc.queryForList("select action from audit_events where service = ? order by id", String.class,
                service)).contains("deployment.promotion_refused");
    }

    private void health(String service, String environment, String health, int minutesAgo) {
        // After the watch holder's own first judgement, which would otherwise overwrite this one.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from deployed_state where health is not null"
                        + " and service_id = (select id from services where name = ?)"
                        + " and environment_id = (select id from environments where name = ?)", Long.class, service,
                environment) == 1);
        jdbc.update("update deployed_state set health = ?, health_changed_at = now() - make_interval(mins => ?),"
                + " synced_at = now() - interval '1 hour' where service_id = (select id from services where name = ?)"
                + " and environment_id = (select id from environments where name = ?)", health, minutesAgo, service,
                environment);
    }

    private List<String> audit(long id) {
        return jdbc.queryForList("select action from audit_events where target_type = 'deployment' and target = ?"
                + " order by id", String.class, String.valueOf(id));
    }

    private JsonNode blockers(long id) throws Exception {
        return scenario.call(get("/api/v1/deployments/" + id + "/blockers"), "alice", null, 200);
    }

    /** A window on a day that is neither today nor tomorrow (UTC), so it is closed for the whole test. */
    private static Map<String, Object> notToday() {
        DayOfWeek day = LocalDate.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek();
        return Map.of("days", List.of(day.name().substring(0, 3).toUpperCase(Locale.ROOT)), "from", "00:00", "to", "24:00",
                "timeZone", "UTC");
    }

    private String environment(String prefix, boolean requiresApproval, Map<String, Object> policy) throws Exception {
        String name = prefix + "-" + scenario.suffix;
        scenario.call(post("/api/v1/environments"), "carol", environmentBody(name, requiresApproval, policy), 201);
        return name;
    }

    private void changeEnvironment(String name, boolean requiresApproval, Map<String, Object> policy) throws Exception {
        scenario.call(put("/api/v1/environments/" + name), "carol", environmentBody(name, requiresApproval, policy), 200);
    }

    private Map<String, Object> environmentBody(String name, boolean requiresApproval, Map<String, Object> policy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("cluster", scenario.cluster);
        body.put("namespaceTemplate", "{team}-{environment}");
        body.put("order", 0);
        body.put("requiresApproval", requiresApproval);
        body.put("driftMode", "DETECT");
        body.put("policy", policy);
        return body;
    }
}
