package dev.slipway.identity;

import static dev.slipway.identity.IdentityFixtures.json;
import static dev.slipway.identity.IdentityFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.testsupport.SlipwayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Local accounts through the API: platform admins only, and never a password on the way out. */
@SlipwayTest
class UserApiTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;

    private ResultActions createUser(String asUser, String body) throws Exception {
        return mvc.perform(post("/api/v1/users").with(httpBasic(asUser, asUser))
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void aPlatformAdminCreatesAnAccountThatCanSignIn() throws Exception {
        String username = unique("frank");
        String password = "correct horse battery";

        String body = createUser("carol", json("{'username':'%s','displayName':'Frank','password':'%s'}", username, password))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/users/" + username))
                .andExpect(jsonPath("$.username").value(username))
                .andExpect(jsonPath("$.platformAdmin").value(false))
                .andExpect(jsonPath("$.localAccount").value(true))
                .andReturn().getResponse().getContentAsString();

        assertThat(body).doesNotContain(password).doesNotContainIgnoringCase("password");
        mvc.perform(get("/api/v1/me").with(httpBasic(username, password)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.displayName").value("Frank"));
        assertThat(jdbc.queryForObject("select password_hash from users where username = ?", String.class, username))
                .startsWith("$2").doesNotContain(password);
        assertThat(jdbc.queryForObject("select count(*) from audit_events where action = 'user.created' and target = ?"
                + " and actor = 'carol' and details::text not like ?", Integer.class, username, "%" + password + "%"))
                .isEqualTo(1);
    }

    @Test
    void aShortPasswordIsRefusedNamingTheField() throws Exception {
        createUser("carol", json("{'username':'%s','displayName':'Short','password':'eleven char'}", unique("short")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("password"))
                .andExpect(jsonPath("$.errors[0].message").value(IdentityRules.PASSWORD_MESSAGE));
    }

    @Test
    void aPasswordLongerThanBcryptCanReadIsRefused() throws Exception {
        createUser("carol", json("{'username':'%s','displayName':'Long','password':'%s'}", unique("long"), "€".repeat(25)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("password"));
    }

    @Test
    void aMissingPasswordIsRefused() throws Exception {
        createUser("carol", json("{'username':'%s','displayName':'None'}", unique("none")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("password"));
    }

    @Test
    void anInvalidUsernameIsRefusedNamingTheField() throws Exception {
        createUser("carol", json("{'username':'Not Valid','displayName':'X','password':'long enough password'}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("username"))
                .andExpect(jsonPath("$.errors[0].message").value(IdentityRules.USERNAME_MESSAGE));
    }

    @Test
    void aTakenUsernameIsAConflict() throws Exception {
        createUser("carol", json("{'username':'alice','displayName':'Other Alice','password':'long enough password'}"))
                .andExpect(status().isConflict());
    }

    @Test
    void onlyPlatformAdminsManageUsers() throws Exception {
        String username = unique("sneaky");
        createUser("bob", json("{'username':'%s','displayName':'X','password':'long enough password',"
                        + "'platformAdmin':true}", username))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/users").with(httpBasic("bob", "bob"))).andExpect(status().isForbidden());

        assertThat(jdbc.queryForObject("select count(*) from users where username = ?", Integer.class, username)).isZero();
    }

    @Test
    void aPlatformAdminListsUsersWithoutTheirPasswordHashes() throws Exception {
        String body = mvc.perform(get("/api/v1/users").param("limit", "500").with(httpBasic("carol", "carol")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.username == 'carol')].platformAdmin").value(true))
                .andReturn().getResponse().getContentAsString();

        assertThat(body).doesNotContain("$2a$").doesNotContainIgnoringCase("hash");
    }

    @Test
    void aCreatedPlatformAdminIsOne() throws Exception {
        String username = unique("admin");
        createUser("carol", json("{'username':'%s','displayName':'Admin','password':'long enough password',"
                        + "'platformAdmin':true}", username))
                .andExpect(status().isCreated());

        mvc.perform(get("/api/v1/users/{username}", username).with(httpBasic("carol", "carol")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.platformAdmin").value(true));
    }
}
