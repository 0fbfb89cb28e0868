package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.testsupport.SlipwayTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Fail closed: when the audit event of an action cannot be written, the action is not made either, and
 * the person is told why. The audit store is made to refuse exactly one event (a trigger on the shared
 * table matching only this test's team, removed afterwards), so the chain stays valid for everyone else.
 */
@SlipwayTest
class AuditFailClosedTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;

    @Test
    void aTeamWhoseAuditEventCannotBeWrittenIsNotCreatedAndTheApiSaysWhy() throws Exception {
        String slug = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        withAuditRefusing(slug, () -> mvc.perform(post("/api/v1/teams").with(httpBasic("carol", "carol"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"" + slug + "\",\"name\":\"Refused\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Audit trail unavailable"))
                .andExpect(jsonPath("$.detail").value(AuditUnavailableException.MESSAGE)));

        assertThat(jdbc.queryForObject("select count(*) from teams where slug = ?", Integer.class, slug)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from audit_events where target = ?", Integer.class, slug))
                .isZero();
    }

    @Test
    void aTeamWhoseAuditEventCannotBeWrittenIsNotCreatedAndThePageSaysWhy() throws Exception {
        String slug = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        withAuditRefusing(slug, () -> mvc.perform(post("/teams").with(user("carol").roles("USER", "PLATFORM_ADMIN"))
                        .with(csrf()).param("slug", slug).param("name", "Refused"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().string(containsString(
                        "The change was not made because the audit trail could not record it."))));

        assertThat(jdbc.queryForObject("select count(*) from teams where slug = ?", Integer.class, slug)).isZero();
    }

    @Test
    void theChainStaysValidAfterARefusedEvent() throws Exception {
        aTeamWhoseAuditEventCannotBeWrittenIsNotCreatedAndTheApiSaysWhy();

        assertThat(jdbc.queryForObject("select count(*) from pg_trigger where tgname like 'refuse_test_%'", Integer.class))
                .isZero();
        mvc.perform(post("/api/v1/teams").with(httpBasic("carol", "carol")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"after-" + UUID.randomUUID().toString().substring(0, 8)
                                + "\",\"name\":\"After\"}"))
                .andExpect(status().isCreated());
    }

    /** While {@code action} runs, inserting an audit event about {@code target} fails as a broken store would. */
    private void withAuditRefusing(String target, Action action) throws Exception {
        String name = "refuse_test_" + target.replace('-', '_');
        jdbc.execute("create function " + name + "() returns trigger language plpgsql as $$ begin"
                + " raise exception 'audit store unavailable (test)'; end; $$");
        jdbc.execute("create trigger " + name + " before insert on audit_events for each row"
                + " when (new.target = '" + target + "') execute function " + name + "()");
        try {
            action.run();
        } finally {
            jdbc.execute("drop trigger " + name + " on audit_events");
            jdbc.execute("drop function " + name + "()");
        }
    }

    private interface Action {
        void run() throws Exception;
    }
}
