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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.testsupport.SlipwayTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The users page (platform admins) and everyone's API tokens page. */
@SlipwayTest
class UserAndTokenPagesTest {

    private static final Pattern NEW_TOKEN = Pattern.compile("data-testid=\"new-token\" value=\"(slw_[^\"]+)\"");

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired UserDetailsService accounts;

    private RequestPostProcessor as(String username) {
        return user(accounts.loadUserByUsername(username));
    }

    @Test
    void aPlatformAdminCreatesAUserFromThePage() throws Exception {
        String username = unique("gina");

        mvc.perform(post("/users").with(as("carol")).with(csrf()).param("username", username)
                        .param("displayName", "Gina").param("password", "a long enough password")
                        .param("_platformAdmin", "on"))
                .andExpect(redirectedUrl("/users"));

        assertThat(jdbc.queryForObject("select platform_admin from users where username = ?", Boolean.class, username))
                .isFalse();
    }

    @Test
    void anInvalidNewUserKeepsTheInputButNeverThePassword() throws Exception {
        String password = "short-" + unique("pw").substring(3, 7);

        mvc.perform(post("/users").with(as("carol")).with(csrf()).param("username", "gina")
                        .param("displayName", "").param("password", password)
                        .param("platformAdmin", "true").param("_platformAdmin", "on"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("value=\"gina\""),
                        containsString("checked=\"checked\""),
                        containsString("data-field=\"displayName\">"),
                        containsString("data-field=\"password\">" + IdentityRules.PASSWORD_MESSAGE),
                        not(containsString(password)))));
    }

    @Test
    void theUsersPageIsForPlatformAdminsOnly() throws Exception {
        mvc.perform(get("/users").with(as("bob"))).andExpect(status().isForbidden());
        mvc.perform(get("/users").with(as("carol")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Carol Platform")));
    }

    @Test
    void aNewTokenIsShownOnceAndWorksOnTheApi() throws Exception {
        String name = unique("page-token");

        String page = mvc.perform(post("/me/tokens").with(as("dave")).with(csrf())
                        .param("name", name).param("expiresInDays", "3"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", containsString("no-store")))
                .andReturn().getResponse().getContentAsString();
        Matcher matcher = NEW_TOKEN.matcher(page);
        assertThat(matcher.find()).isTrue();
        String token = matcher.group(1);

        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
        mvc.perform(get("/me/tokens").with(as("dave")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString(name), not(containsString(token)))));
    }

    @Test
    void aTokenRevokedFromThePageStopsWorking() throws Exception {
        String page = mvc.perform(post("/me/tokens").with(as("dave")).with(csrf())
                        .param("name", unique("to-revoke")).param("expiresInDays", "3"))
                .andReturn().getResponse().getContentAsString();
        Matcher matcher = NEW_TOKEN.matcher(page);
        assertThat(matcher.find()).isTrue();
        String token = matcher.group(1);
        Long id = jdbc.queryForObject("select id from api_tokens where token_hash = ?", Long.class,
                ApiTokenService.sha256(token));

        mvc.perform(post("/me/tokens/{id}/revoke", id).with(as("dave")).with(csrf()))
                .andExpect(redirectedUrl("/me/tokens"));

        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token)).andExpect(status().isUnauthorized());
    }

    @Test
    void aTokenFormWithAnUnreadableNumberSaysWhatIsAccepted() throws Exception {
        mvc.perform(post("/me/tokens").with(as("dave")).with(csrf()).param("name", "kept-name").param("expiresInDays", "soon"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("value=\"kept-name\""),
                        containsString("data-field=\"expiresInDays\">" + IdentityRules.TOKEN_DAYS_MESSAGE),
                        not(containsString("java.lang")))));
    }
}
