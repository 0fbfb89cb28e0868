package dev.slipway.identity;

import static dev.slipway.identity.IdentityFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.testsupport.SlipwayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The teams pages: everyone signed in reads them; platform admins also change teams there. */
@SlipwayTest
class TeamPagesTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired UserDetailsService accounts;

    /** Signs in as a real account, with the authorities its sign-in would give. */
    private RequestPostProcessor as(String username) {
        return user(accounts.loadUserByUsername(username));
    }

    private String createTeamThroughThePage(String slug) throws Exception {
        mvc.perform(post("/teams").with(as("carol")).with(csrf()).param("slug", slug).param("name", "Page team"))
                .andExpect(redirectedUrl("/teams/" + slug));
        return slug;
    }

    @Test
    void theTeamsPageListsTeamsForAnEngineer() throws Exception {
        mvc.perform(get("/teams").with(as("alice")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("href=\"/teams/payments\""),
                        containsString("href=\"/teams/search\""), not(containsString("href=\"/teams/new\"")))));
    }

    @Test
    void theTeamsPageOffersPlatformAdminsANewTeam() throws Exception {
        mvc.perform(get("/teams").with(as("carol")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("href=\"/teams/new\""), containsString("href=\"/users\""))));
    }

    @Test
    void aTeamPageListsItsMembersWithoutAdminFormsForAnEngineer() throws Exception {
        mvc.perform(get("/teams/payments").with(as("alice")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("data-member=\"alice\""),
                        containsString("data-member=\"bob\""), containsString("Bob Lead"),
                        not(containsString("/teams/payments/members/bob/remove")),
                        not(containsString("action=\"/teams/payments/members\"")))));
    }

    @Test
    void aTeamPageGivesPlatformAdminsFormsToChangeMembers() throws Exception {
        mvc.perform(get("/teams/payments").with(as("carol")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("action=\"/teams/payments/members/bob\""),
                        containsString("action=\"/teams/payments/members/bob/remove\""),
                        containsString("action=\"/teams/payments/members\""))));
    }

    @Test
    void anUnknownTeamPageIsNotFound() throws Exception {
        mvc.perform(get("/teams/{slug}", unique("missing")).with(as("alice"))).andExpect(status().isNotFound());
    }

    @Test
    void anEngineerCannotOpenTheNewTeamForm() throws Exception {
        mvc.perform(get("/teams/new").with(as("alice"))).andExpect(status().isForbidden());
    }

    @Test
    void theNewTeamFormKeepsTheInputAndShowsTheErrorAtTheField() throws Exception {
        mvc.perform(post("/teams").with(as("carol")).with(csrf()).param("slug", "Bad Slug!").param("name", "Kept name"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("value=\"Bad Slug!\""),
                        containsString("value=\"Kept name\""),
                        containsString("data-field=\"slug\">" + IdentityRules.SLUG_MESSAGE),
                        not(containsString("data-field=\"name\"")))));
    }

    @Test
    void aTakenSlugIsShownAtTheSlugField() throws Exception {
        mvc.perform(post("/teams").with(as("carol")).with(csrf()).param("slug", "payments").param("name", "Again"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("value=\"Again\""),
                        containsString("data-field=\"slug\">is taken"))));
    }

    @Test
    void aPlatformAdminCreatesATeamFromThePage() throws Exception {
        String slug = unique("paged");

        mvc.perform(post("/teams").with(as("carol")).with(csrf()).param("slug", slug).param("name", "From the page"))
                .andExpect(redirectedUrl("/teams/" + slug))
                .andExpect(flash().attribute("flash", "Team " + slug + " created."));

        assertThat(jdbc.queryForObject("select name from teams where slug = ?", String.class, slug)).isEqualTo("From the page");
        assertThat(jdbc.queryForObject("select count(*) from audit_events where action = 'team.created' and target = ?",
                Integer.class, slug)).isEqualTo(1);
    }

    @Test
    void aPlatformAdminAddsPromotesAndRemovesAMemberFromThePage() throws Exception {
        String slug = createTeamThroughThePage(unique("roster"));

        mvc.perform(post("/teams/{slug}/members", slug).with(as("carol")).with(csrf())
                        .param("username", "erin").param("role", "ENGINEER"))
                .andExpect(redirectedUrl("/teams/" + slug));
        mvc.perform(post("/teams/{slug}/members/{username}", slug, "erin").with(as("carol")).with(csrf())
                        .param("role", "LEAD"))
                .andExpect(redirectedUrl("/teams/" + slug));
        assertThat(jdbc.queryForObject("select m.role from team_memberships m join teams t on t.id = m.team_id"
                + " join users u on u.id = m.user_id where t.slug = ? and u.username = 'erin'", String.class, slug))
                .isEqualTo("LEAD");

        mvc.perform(post("/teams/{slug}/members/{username}/remove", slug, "erin").with(as("carol")).with(csrf()))
                .andExpect(redirectedUrl("/teams/" + slug));
        assertThat(jdbc.queryForObject("select count(*) from team_memberships m join teams t on t.id = m.team_id"
                + " where t.slug = ?", Integer.class, slug)).isZero();
    }

    @Test
    void addingAnUnknownUserShowsTheErrorAtTheUsernameField() throws Exception {
        String ghost = unique("ghost");

        mvc.perform(post("/teams/{slug}/members", "search").with(as("carol")).with(csrf())
                        .param("username", ghost).param("role", "LEAD"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("value=\"" + ghost + "\""),
                        containsString("data-field=\"username\">must name an existing user"))));
    }

    @Test
    void anEngineerCannotChangeMembersFromThePage() throws Exception {
        mvc.perform(post("/teams/payments/members/alice/remove").with(as("bob")).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/teams/payments/members").with(as("alice")).with(csrf())
                        .param("username", "alice").param("role", "LEAD"))
                .andExpect(status().isForbidden());

        assertThat(jdbc.queryForObject("select m.role from team_memberships m join teams t on t.id = m.team_id"
                + " join users u on u.id = m.user_id where t.slug = 'payments' and u.username = 'alice'", String.class))
                .isEqualTo("ENGINEER");
    }
}
