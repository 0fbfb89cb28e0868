package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.testsupport.SlipwayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** How API callers prove who they are, and what they learn about themselves. */
@SlipwayTest
class ApiAuthenticationTest {

    @Autowired MockMvc mvc;

    @Test
    void anAnonymousApiCallGets401ProblemAndNoRedirect() throws Exception {
        mvc.perform(get("/api/v1/me"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().doesNotExist("Location"))
                .andExpect(header().string("WWW-Authenticate", containsString("Basic")))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.title").value("Unauthorized"));
    }

    @Test
    void aWrongBasicPasswordGets401Problem() throws Exception {
        mvc.perform(get("/api/v1/me").with(httpBasic("alice", "wrong")))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().doesNotExist("Location"));
    }

    @Test
    void meTellsWhoIAmAndMyRoleInEachTeam() throws Exception {
        mvc.perform(get("/api/v1/me").with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value("bob"))
                .andExpect(jsonPath("$.displayName").value("Bob Lead"))
                .andExpect(jsonPath("$.platformAdmin").value(false))
                .andExpect(jsonPath("$.teams[?(@.slug == 'payments')].role").value("LEAD"));
    }

    @Test
    void platformAdminsAreToldSo() throws Exception {
        mvc.perform(get("/api/v1/me").with(httpBasic("carol", "carol")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.platformAdmin").value(true));
    }

    @Test
    void anApiCallLeavesNoSessionBehind() throws Exception {
        var result = mvc.perform(get("/api/v1/me").with(httpBasic("alice", "alice")))
                .andExpect(status().isOk())
                .andReturn();

        assertThat(result.getRequest().getSession(false)).isNull();
        assertThat(result.getResponse().getCookies()).isEmpty();
    }

    /** Nothing serves it: 404 (the problem body is written by the error controller, see WebSecurityTest). */
    @Test
    void anUnknownApiAddressIsNotFoundForSignedInCallers() throws Exception {
        mvc.perform(get("/api/v2/anything").with(httpBasic("carol", "carol")))
                .andExpect(status().isNotFound());
    }

    @Test
    void theOpenApiDescriptionListsIdentityCallsAndHowToAuthenticate() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/me/tokens'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/teams/{slug}/members/{username}'].put").exists())
                .andExpect(jsonPath("$.components.securitySchemes.basic.scheme").value("basic"))
                .andExpect(jsonPath("$.components.securitySchemes.bearer.scheme").value("bearer"))
                // The signed-in person is resolved on the server, never a parameter a caller sends.
                .andExpect(jsonPath("$.paths['/api/v1/teams'].post.parameters").doesNotExist());
    }
}
