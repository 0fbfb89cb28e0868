package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/** Searching the audit trail: who sees what, every filter, keyset paging, and one event's page. */
@SlipwayTest
class AuditSearchTest {

    @Autowired MockMvc mvc;
    @Autowired IdentityService identity;
    @Autowired AuditTrail trail;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcTemplate jdbc;

    private AuditFixtures f;

    @BeforeEach
    void twoTeams() {
        f = new AuditFixtures(identity, trail, tx, jdbc);
    }

    @Test
    void anEngineerNeverSeesAnotherTeamsEventsInApiPageOrExport() throws Exception {
        long ownEvent = f.event("test.changed", f.teamA, f.serviceA, "dev");
        long otherTeams = f.event("test.changed", f.teamB, f.serviceB, "dev");
        long noTeam = f.event("test.changed", null, null, null);

        String api = body(get("/api/v1/audit").param("actor", f.actor).param("limit", "500")
                .with(httpBasic(f.engineerA, AuditFixtures.PASSWORD)));
        assertThat(ids(api)).containsExactly(ownEvent);
        String everything = body(get("/api/v1/audit").param("limit", "500")
                .with(httpBasic(f.engineerA, AuditFixtures.PASSWORD)));
        assertThat(JsonPath.<List<String>>read(everything, "$.items[*].team")).isNotEmpty().containsOnly(f.teamA);

        String page = body(get("/audit").param("actor", f.actor).with(user(f.engineerA)));
        assertThat(page).contains("/audit/" + ownEvent).doesNotContain("/audit/" + otherTeams, "/audit/" + noTeam,
                f.serviceB);

        for (String format : List.of("csv", "jsonl")) {
            String export = body(get("/api/v1/audit/export").param("format", format)
                    .with(httpBasic(f.engineerA, AuditFixtures.PASSWORD)));
            assertThat(export).contains(f.serviceA).doesNotContain(f.serviceB, f.teamB);
            String pageExport = body(get("/audit/export").param("format", format).param("actor", f.actor)
                    .with(user(f.engineerA)));
            assertThat(pageExport).contains(f.serviceA).doesNotContain(f.serviceB);
        }

        mvc.perform(get("/api/v1/audit").param("team", f.teamB).with(httpBasic(f.engineerA, AuditFixtures.PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/audit/export").param("format", "csv").param("team", f.teamB)
                .with(httpBasic(f.engineerA, AuditFixtures.PASSWORD))).andExpect(status().isForbidden());
        mvc.perform(get("/audit/{id}", otherTeams).with(user(f.engineerA))).andExpect(status().isNotFound());
        mvc.perform(get("/audit/{id}", noTeam).with(user(f.engineerA))).andExpect(status().isNotFound());
        mvc.perform(get("/audit/{id}", ownEvent).with(user(f.engineerA))).andExpect(status().isOk());
    }

    @Test
    void aPlatformAdminSeesEveryTeamAndEventsWithoutATeam() throws Exception {
        long a = f.event("test.changed", f.teamA, f.serviceA, "dev");
        long b = f.event("test.changed", f.teamB, f.serviceB, "dev");
        long none = f.event("test.changed", null, null, null);

        String answer = body(get("/api/v1/audit").param("actor", f.actor).with(httpBasic("carol", "carol")));
        assertThat(ids(answer)).containsExactly(none, b, a);
        assertThat(JsonPath.<Integer>read(answer, "$.items[2].details.n")).isEqualTo(1);
        assertThat(JsonPath.<String>read(answer, "$.items[2].hash")).hasSize(64);
    }

    @Test
    void everyFilterNarrowsTheResult() throws Exception {
        long devA = f.event("test.deployed", f.teamA, f.serviceA, "dev");
        long prodA = f.event("test.deployed", f.teamA, f.serviceA, "prod");
        long prodB = f.event("test.failed", f.teamB, f.serviceB, "prod");
        long other = f.record(AuditEntry.of("someone-" + f.suffix, "test.deployed", "service", f.serviceA)
                .withTeam(f.teamA).withService(f.serviceA).withEnvironment("prod"));

        assertThat(search(Map.of("actor", f.actor))).containsExactly(prodB, prodA, devA);
        assertThat(search(Map.of("actor", f.actor, "team", f.teamA))).containsExactly(prodA, devA);
        assertThat(search(Map.of("service", f.serviceA))).containsExactly(other, prodA, devA);
        assertThat(search(Map.of("actor", f.actor, "environment", "prod"))).containsExactly(prodB, prodA);
        assertThat(search(Map.of("actor", f.actor, "action", "test.failed"))).containsExactly(prodB);
        assertThat(search(Map.of("service", f.serviceA, "environment", "prod", "action", "test.deployed")))
                .containsExactly(other, prodA);

        String from = occurredAt(prodA).toString();
        String to = occurredAt(prodB).toString();
        assertThat(search(Map.of("actor", f.actor, "from", from))).containsExactly(prodB, prodA);
        assertThat(search(Map.of("actor", f.actor, "to", to))).containsExactly(prodA, devA);
        assertThat(search(Map.of("actor", f.actor, "from", from, "to", to))).containsExactly(prodA);
        String today = occurredAt(devA).toLocalDate().toString();
        assertThat(search(Map.of("actor", f.actor, "from", today, "to", today))).contains(devA, prodA);
    }

    @Test
    void pagingWalksEveryEventOnceNewestFirst() throws Exception {
        List<Long> recorded = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            recorded.add(f.event("test.paged", f.teamA, f.serviceA, "dev"));
        }

        List<Long> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            var request = get("/api/v1/audit").param("actor", f.actor).param("limit", "3")
                    .with(httpBasic(f.engineerA, AuditFixtures.PASSWORD));
            if (cursor != null) {
                request.param("cursor", cursor);
            }
            String page = body(request);
            pageSizes.add(ids(page).size());
            seen.addAll(ids(page));
            cursor = JsonPath.read(page, "$.nextCursor");
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(3, 3, 1);
        Collections.reverse(recorded);
        assertThat(seen).containsExactlyElementsOf(recorded);

        String olderThanTheFourth = body(get("/audit").param("actor", f.actor).param("cursor", recorded.get(3).toString())
                .with(user(f.engineerA)));
        assertThat(olderThanTheFourth).contains("/audit/" + recorded.get(4), "/audit/" + recorded.get(6))
                .doesNotContain("/audit/" + recorded.get(3) + "\"", "/audit/" + recorded.get(0) + "\"");
    }

    @Test
    void invalidFiltersAreNamedOnApiAndPage() throws Exception {
        mvc.perform(get("/api/v1/audit").param("from", "yesterday").param("limit", "9000").param("cursor", "abc")
                        .with(httpBasic("carol", "carol")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[*].field").value(hasItem("from")));
        mvc.perform(get("/api/v1/audit").param("from", "2025-03-02").param("to", "2025-03-01")
                        .with(httpBasic("carol", "carol")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("to"));
        mvc.perform(get("/audit").param("from", "yesterday").with(user("carol")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString("must be an ISO-8601 time")));
    }

    @Test
    void anEventPageShowsItsDetailsEscapedAndLinksToWhatItIsAbout() throws Exception {
        long id = f.record(new AuditEntry(f.actor, "deployment.approved", "deployment", "4242", f.teamA, f.serviceA,
                "prod", Map.of("request", 4242, "revision", 3, "comment", "<script>alert('x')</script>")));

        mvc.perform(get("/audit/{id}", id).with(user(f.engineerA)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")))
                .andExpect(content().string(not(containsString("<script>alert"))))
                .andExpect(content().string(containsString("href=\"/deployments/4242\"")))
                .andExpect(content().string(containsString("href=\"/services/" + f.serviceA + "/revisions/3\"")))
                .andExpect(content().string(containsString("href=\"/services/" + f.serviceA + "\"")))
                .andExpect(content().string(containsString("href=\"/teams/" + f.teamA + "\"")));
        mvc.perform(get("/audit").param("actor", f.actor).with(user(f.engineerA)))
                .andExpect(content().string(containsString("href=\"/deployments/4242\"")));
    }

    @Test
    void textIsFoundInCommentsAndDetailsIgnoringCaseOnApiPageAndExport() throws Exception {
        long approved = f.record(new AuditEntry(f.actor, "deployment.approved", "deployment", "7001", f.teamA,
                f.serviceA, "prod", Map.of("request", 7001, "comment", "Launch Checkout in prod")));
        long nested = f.record(new AuditEntry(f.actor, "environment.changed", "environment", "prod", f.teamA, null,
                "prod", Map.of("policy", Map.of("allowedRegistries", List.of("registry.example.com/checkout")))));
        long unrelated = f.record(new AuditEntry(f.actor, "deployment.approved", "deployment", "7002", f.teamA,
                f.serviceA, "prod", Map.of("request", 7002, "comment", "LGTM")));
        f.record(new AuditEntry(f.actor, "deployment.approved", "deployment", "7003", f.teamA, f.serviceA, "prod",
                Map.of("checkout", "a key, not a value")));

        assertThat(search(Map.of("actor", f.actor, "q", "checkout"))).containsExactly(nested, approved);
        assertThat(search(Map.of("actor", f.actor, "q", "lgtm"))).containsExactly(unrelated);
        assertThat(search(Map.of("actor", f.actor, "q", "100%"))).isEmpty();
        assertThat(search(Map.of("actor", f.actor, "q", "_GTM"))).as("_ is no wildcard").isEmpty();

        String page = body(get("/audit").param("actor", f.actor).param("q", "Launch checkout")
                .with(user(f.engineerA)));
        assertThat(page).contains("/audit/" + approved + "\"").doesNotContain("/audit/" + unrelated + "\"")
                .contains("value=\"Launch checkout\"");
        String export = body(get("/api/v1/audit/export").param("format", "jsonl").param("actor", f.actor)
                .param("q", "launch").with(httpBasic(f.engineerA, AuditFixtures.PASSWORD)));
        assertThat(export.lines()).hasSize(1);
        mvc.perform(get("/api/v1/audit").param("q", "x".repeat(201)).with(httpBasic("carol", "carol")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("q"));
    }

    @Test
    void theActionFilterOffersTheRecordedActionsAndDetailsReadAsLines() throws Exception {
        long id = f.record(new AuditEntry(f.actor, "deployment.approved", "deployment", "7100", f.teamA, f.serviceA,
                "prod", Map.of("request", 7100, "comment", "Ship it", "policy", Map.of("maxCpu", "2"))));

        String page = body(get("/audit").param("actor", f.actor).with(user(f.engineerA)));
        assertThat(page).contains("<select class=\"form-select\" id=\"action\"")
                .contains("<option value=\"deployment.approved\">deployment.approved</option>")
                .contains("comment:</span>", "Ship it");
        String event = body(get("/audit/{id}", id).with(user(f.engineerA)));
        assertThat(event).contains(">policy.maxCpu</dt>", ">2</dd>", ">comment</dt>", ">Ship it</dd>")
                .doesNotContain("\"comment\":", "\"maxCpu\"");
    }

    @Test
    void onlyPlatformAdminsVerifyTheChain() throws Exception {
        mvc.perform(get("/api/v1/audit/verify").with(httpBasic("carol", "carol")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.valid").value(true))
                .andExpect(jsonPath("$.firstBrokenId").doesNotExist());
        mvc.perform(get("/api/v1/audit/verify").with(httpBasic("alice", "alice"))).andExpect(status().isForbidden());

        var admin = user("carol").roles("USER", "PLATFORM_ADMIN");
        mvc.perform(get("/audit/verify").with(admin)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Verify now")));
        mvc.perform(post("/audit/verify").with(admin).with(csrf())).andExpect(status().isOk())
                .andExpect(content().string(containsString("The chain is intact")));
        mvc.perform(get("/audit/verify").with(user("alice"))).andExpect(status().isForbidden());
    }

    private List<Long> search(Map<String, String> params) throws Exception {
        MockHttpServletRequestBuilder request = get("/api/v1/audit").with(httpBasic("carol", "carol"));
        params.forEach(request::param);
        return ids(body(request));
    }

    private OffsetDateTime occurredAt(long id) {
        return jdbc.queryForObject("select occurred_at from audit_events where id = ?", OffsetDateTime.class, id);
    }

    private String body(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private static List<Long> ids(String json) {
        List<Number> ids = JsonPath.read(json, "$.items[*].id");
        return ids.stream().map(Number::longValue).toList();
    }
}
