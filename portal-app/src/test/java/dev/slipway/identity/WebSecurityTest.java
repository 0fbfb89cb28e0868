package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.testsupport.SlipwayTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.test.web.servlet.MockMvc;

/** The browser side: form login, the session around it, CSRF and the headers every page carries. */
@SlipwayTest
class WebSecurityTest {

    @Autowired MockMvc mvc;
    @Autowired UserDetailsService accounts;
    @Autowired JdbcTemplate jdbc;
    @Autowired ServerProperties server;
    @LocalServerPort int port;

    @Test
    void signingInWithTheRightPasswordLeadsToTheServices() throws Exception {
        mvc.perform(formLogin("/login").user("alice").password("alice"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/"))
                .andExpect(authenticated().withUsername("alice"));
    }

    @Test
    void signingInWithAWrongPasswordReturnsToTheLoginPageWithAnError() throws Exception {
        mvc.perform(formLogin("/login").user("alice").password("not-alice"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());
    }

    /** PostgreSQL refuses text with NUL: such a name is an unknown account, not an internal error. */
    @Test
    void signingInWithANulInTheNameIsAWrongSignInWithoutAskingTheDatabase() throws Exception {
        assertThatThrownBy(() -> accounts.loadUserByUsername("ali\u0000ce")).isInstanceOf(UsernameNotFoundException.class);
        mvc.perform(formLogin("/login").user("ali\u0000ce").password("alice"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());
    }

    @Test
    void signingInReplacesTheSessionSoAFixedSessionIdIsWorthless() throws Exception {
        MockHttpSession before = (MockHttpSession) mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andReturn().getRequest().getSession(false);
        assertThat(before).isNotNull();
        String idBefore = before.getId();

        var login = mvc.perform(post("/login").session(before).with(csrf())
                        .param("username", "alice").param("password", "alice"))
                .andExpect(redirectedUrl("/"))
                .andReturn();

        var after = login.getRequest().getSession(false);
        assertThat(after).isNotNull();
        assertThat(after.getId()).isNotEqualTo(idBefore);
        assertThat(before.isInvalid()).isTrue();
    }

    @Test
    void signingOutInvalidatesTheSessionAndDropsItsCookie() throws Exception {
        MockHttpSession session = (MockHttpSession) mvc.perform(post("/login").with(csrf())
                        .param("username", "alice").param("password", "alice"))
                .andExpect(authenticated())
                .andReturn().getRequest().getSession(false);
        mvc.perform(get("/teams").session(session)).andExpect(status().isOk());

        mvc.perform(post("/logout").session(session).with(csrf()))
                .andExpect(redirectedUrl("/login?logout"))
                .andExpect(cookie().maxAge("SLIPWAY_SESSION", 0));

        assertThat(session.isInvalid()).isTrue();
    }

    @Test
    void aPageFormPostedWithoutCsrfTokenIsRefused() throws Exception {
        String slug = IdentityFixtures.unique("csrf");

        mvc.perform(post("/teams").with(user(accounts.loadUserByUsername("carol")))
                        .param("slug", slug).param("name", "No token"))
                .andExpect(status().isForbidden());

        assertThat(jdbc.queryForObject("select count(*) from teams where slug = ?", Integer.class, slug)).isZero();
    }

    @Test
    void signingOutWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/logout").with(user("alice"))).andExpect(status().isForbidden());
    }

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        mvc.perform(get("/teams").with(user("alice")))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
                .andExpect(header().string("Content-Security-Policy", not(containsString("unsafe-inline"))))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Referrer-Policy", "same-origin"));
    }

    @Test
    void theLoginPageCarriesTheSecurityHeadersToo() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
                .andExpect(header().string("X-Frame-Options", "DENY"));
    }

    /**
     * MockMvc never sees the session cookie: the servlet container writes it, and MockMvc runs
     * without one. So this checks the settings the container is built from, as the application
     * binds them, rather than a Set-Cookie header.
     */
    @Test
    void theSessionCookieIsHttpOnlySecureAndSameSiteLax() {
        Cookie cookie = server.getServlet().getSession().getCookie();

        assertThat(cookie.getName()).isEqualTo("SLIPWAY_SESSION");
        assertThat(cookie.getHttpOnly()).isTrue();
        assertThat(cookie.getSecure()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo(Cookie.SameSite.LAX);
    }

    @Test
    void anAnonymousVisitorIsSentToTheLoginPage() throws Exception {
        mvc.perform(get("/teams"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login"));
    }

    /** Nothing serves it, so it is a 404; a 403 would suggest that a permission could help. */
    @Test
    void anAddressNothingServesIsNotFoundForSignedInPeople() throws Exception {
        mvc.perform(get("/no-such-area").with(user("carol").roles("USER", "PLATFORM_ADMIN")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/no-such-area/deeper").with(user("alice")))
                .andExpect(status().isNotFound());
    }

    /** Anonymous callers learn nothing about which addresses exist: every one asks them to sign in first. */
    @Test
    void anAnonymousVisitorOfAnUnknownAddressIsSentToSignInFirst() throws Exception {
        mvc.perform(get("/no-such-area")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
    }

    /** Over HTTP, as MockMvc does not forward to the error controller that writes the problem. */
    @Test
    void anUnknownApiAddressIsAProblem404ForCallersAnd401ForAnonymousOnes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8));
        for (String path : new String[] {"/api/v1/no-such-thing", "/api/no-such-version"}) {
            URI uri = URI.create("http://127.0.0.1:" + port + path);
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(uri).header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).as(path).isEqualTo(404);
            assertThat(signedIn.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(signedIn.body()).contains("\"status\":404");
            assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as(path).isEqualTo(401);
        }
    }

    /** What something serves stays denied until a rule names it: the actuator's info endpoint is not listed. */
    @Test
    void anAddressThatIsServedButNotListedIsStillDenied() throws Exception {
        mvc.perform(get("/actuator/info").with(user("carol").roles("USER", "PLATFORM_ADMIN")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/users").with(user("alice"))).andExpect(status().isForbidden());
    }
}
