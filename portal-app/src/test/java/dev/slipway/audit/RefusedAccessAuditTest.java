package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.testsupport.SlipwayTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * ASVS 7.2: every refused request (403) and every failed sign-in is one audit event saying who, what and
 * why, on both the API and the pages, without the password tried and without a stack trace.
 */
@SlipwayTest
class RefusedAccessAuditTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;

    private long before;

    @BeforeEach
    void rememberWhereTheTrailEnds() {
        before = jdbc.queryForObject("select coalesce(max(id), 0) from audit_events", Long.class);
    }

    @Test
    void anApiRequestRefusedByTheAddressRulesIsAuditedOnce() throws Exception {
        mvc.perform(get("/api/v1/users").with(httpBasic("alice", "alice"))).andExpect(status().isForbidden());

        List<Map<String, Object>> events = eventsSince("access.denied", "alice");
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsEntry("target", "/api/v1/users").containsEntry("team", null);
        assertThat((String) events.get(0).get("details"))
                .contains("\"method\": \"GET\"", "\"path\": \"/api/v1/users\"", "\"reason\":");
    }

    @Test
    void anApiRequestRefusedByAServiceIsAuditedOnceWithItsReason() throws Exception {
        mvc.perform(get("/api/v1/audit").param("team", "search").with(httpBasic("alice", "alice")))
                .andExpect(status().isForbidden());

        List<Map<String, Object>> events = eventsSince("access.denied", "alice");
        assertThat(events).hasSize(1);
        assertThat((String) events.get(0).get("details")).contains("your own teams only");
    }

    @Test
    void aPageRefusedByTheAddressRulesIsAuditedOnce() throws Exception {
        mvc.perform(get("/users").with(user("dave"))).andExpect(status().isForbidden());

        assertThat(eventsSince("access.denied", "dave")).singleElement()
                .satisfies(event -> assertThat(event).containsEntry("target", "/users"));
    }

    @Test
    void aPageRefusedByAServiceIsAuditedOnce() throws Exception {
        mvc.perform(get("/insights").param("team", "payments").with(user("dave"))).andExpect(status().isForbidden());

        assertThat(eventsSince("access.denied", "dave")).singleElement()
                .satisfies(event -> assertThat((String) event.get("details")).contains("delivery metrics"));
    }

    @Test
    void aFailedFormSignInIsAuditedOnceWithoutThePassword() throws Exception {
        String tried = "wrong-" + UUID.randomUUID();
        mvc.perform(formLogin("/login").user("erin").password(tried)).andExpect(redirectedUrl("/login?error"));

        List<Map<String, Object>> events = eventsSince("signin.failed", "erin");
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsEntry("target", "/login");
        assertThat((String) events.get(0).get("details")).contains("unknown username or wrong password")
                .doesNotContain("Exception", "\tat ");
        assertThat(jdbc.queryForObject("select count(*) from audit_events a where position(? in a::text) > 0",
                Integer.class, tried)).isZero();
    }

    @Test
    void aFailedBasicSignInIsAuditedOnceAndAnUnknownNameIsKeptAsTyped() throws Exception {
        String stranger = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(get("/api/v1/me").with(httpBasic("bob", "not-bobs-password"))).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/me").with(httpBasic(stranger, "whatever-it-is"))).andExpect(status().isUnauthorized());

        assertThat(eventsSince("signin.failed", "bob")).singleElement()
                .satisfies(event -> assertThat(event).containsEntry("target", "/api/v1/me"));
        assertThat(eventsSince("signin.failed", stranger)).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from audit_events a where id > ?"
                + " and position('whatever-it-is' in a::text) > 0", Integer.class, before)).isZero();
    }

    @Test
    void aRefusedBearerTokenIsAuditedAsAFailedSignInWithWhoseItWasButNeverTheToken() throws Exception {
        String made = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/me/tokens")
                        .with(httpBasic("dave", "dave")).contentType("application/json")
                        .content("{\"name\":\"ci-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"expiresInDays\":7}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String token = com.jayway.jsonpath.JsonPath.read(made, "$.token");
        long id = ((Number) com.jayway.jsonpath.JsonPath.read(made, "$.id")).longValue();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/me/tokens/{id}", id)
                .with(httpBasic("dave", "dave"))).andExpect(status().is2xxSuccessful());
        String unknown = "slw_" + UUID.randomUUID().toString().replace("-", "");

        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token)).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + unknown)).andExpect(status().isUnauthorized());

        assertThat(eventsSince("signin.failed", "dave")).singleElement().satisfies(event -> assertThat(event)
                .containsEntry("target", "/api/v1/me")
                .hasEntrySatisfying("details", d -> assertThat((String) d).contains("API token revoked").contains("\"tokenId\": " + id)));
        assertThat(jdbc.queryForList("select details::text from audit_events where id > ? and action = 'signin.failed'"
                + " and actor = 'anonymous'", String.class, before)).anySatisfy(d -> assertThat(d).contains("unknown API token"));
        assertThat(jdbc.queryForObject("select count(*) from audit_events a where id > ?"
                + " and (position(? in a::text) > 0 or position(? in a::text) > 0)", Integer.class, before, token, unknown))
                .as("no token in the trail").isZero();
    }

    @Test
    void aSuccessfulSignInAndAnAllowedRequestAreNotRefusals() throws Exception {
        mvc.perform(formLogin("/login").user("alice").password("alice")).andExpect(redirectedUrl("/"));
        mvc.perform(get("/api/v1/me").with(httpBasic("alice", "alice"))).andExpect(status().isOk());

        assertThat(eventsSince("signin.failed", "alice")).isEmpty();
        assertThat(eventsSince("access.denied", "alice")).isEmpty();
    }

    private List<Map<String, Object>> eventsSince(String action, String actor) {
        return jdbc.queryForList("select target, team, details::text as details from audit_events"
                + " where id > ? and action = ? and actor = ? order by id", before, action, actor);
    }
}
