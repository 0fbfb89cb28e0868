package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.NewService;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.testsupport.SlipwayTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A form saved after the session expired (no session cookie any more): the person signs in again and
 * finds what they entered, ready to save, instead of "403 – not allowed" and the edit lost.
 */
@SlipwayTest
class ExpiredSessionFormTest {

    @Autowired MockMvc mvc;
    @Autowired CatalogService catalog;
    @Autowired IdentityService identity;

    String service;

    @BeforeEach
    void aServiceOfPayments() {
        service = "expired-" + UUID.randomUUID().toString().substring(0, 8);
        catalog.createService(identity.actor("alice"), new NewService(service, "payments", "", null,
                ServiceSpec.ofImage("nginx:1.27")));
    }

    @Test
    void aFormSavedWithoutSessionSendsToSignInAndComesBackWithTheInput() throws Exception {
        MvcResult refused = mvc.perform(configSave().header("Sec-Fetch-Site", "same-origin")
                .header("Referer", "http://localhost/services/" + service + "/edit/config")).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(302);
        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/login?expired");
        MockHttpSession before = (MockHttpSession) refused.getRequest().getSession(false);

        String login = html(mvc.perform(get("/login").param("expired", "").session(before)).andReturn().getResponse());
        assertThat(login).contains("Your session expired", "what you entered is");

        MvcResult signedIn = mvc.perform(post("/login").session(before).with(csrf())
                .param("username", "alice").param("password", "alice")).andReturn();
        assertThat(signedIn.getResponse().getRedirectedUrl()).contains("/me/unsaved");
        MockHttpSession after = (MockHttpSession) signedIn.getRequest().getSession(false);

        String offered = html(mvc.perform(get("/me/unsaved").session(after)).andReturn().getResponse());
        assertThat(offered).contains("action=\"/services/" + service + "/edit/config\"",
                "name=\"entries[0].key\" value=\"LOG_LEVEL\"", "name=\"entries[0].value\" value=\"debug\"",
                "name=\"changeSummary\" value=\"More logs while we look\"").doesNotContain("stale-token");

        MockHttpServletResponse saved = mvc.perform(configSave().session(after).with(csrf())).andReturn().getResponse();
        assertThat(saved.getStatus()).isEqualTo(302);
        assertThat(catalog.latestRevision(service).spec().config()).isEqualTo(Map.of("LOG_LEVEL", "debug"));
        assertThat(catalog.latestRevision(service).changeSummary()).isEqualTo("More logs while we look");
    }

    @Test
    void aPostFromAnotherSiteIsNotKeptButStillAsksToSignIn() throws Exception {
        MvcResult refused = mvc.perform(configSave().header("Sec-Fetch-Site", "cross-site")).andReturn();

        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/login?expired");
        assertThat(keptIn(refused)).isNull();
    }

    @Test
    void aFormWithCredentialsIsNeverKept() throws Exception {
        MvcResult refused = mvc.perform(post("/services/{name}/secrets", service).param("_csrf", "stale-token")
                .param("key", "DB_PASSWORD").param("value", "hunter2").header("Sec-Fetch-Site", "same-origin")
                .contentType("application/x-www-form-urlencoded")).andReturn();

        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/login?expired");
        assertThat(keptIn(refused)).isNull();
    }

    @Test
    void aSignedInPostWithABadTokenIsStillRefused() throws Exception {
        assertThat(mvc.perform(configSave().with(user("alice")).header("Sec-Fetch-Site", "same-origin"))
                .andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(catalog.latestRevision(service).number()).isEqualTo(1);
    }

    /** The config form as the browser posts it, with the token of the session that has expired. */
    private MockHttpServletRequestBuilder configSave() {
        return post("/services/{name}/edit/config", service).contentType("application/x-www-form-urlencoded")
                .param("_csrf", "stale-token").param("baseRevision", "1").param("changeSummary", "More logs while we look")
                .param("entries[0].key", "LOG_LEVEL").param("entries[0].value", "debug")
                .param("entries[1].key", "").param("entries[1].value", "");
    }

    private static Object keptIn(MvcResult result) {
        var session = result.getRequest().getSession(false);
        return session == null ? null : session.getAttribute(ExpiredSessionForms.KEPT);
    }

    private static String html(MockHttpServletResponse response) throws Exception {
        return response.getContentAsString(StandardCharsets.UTF_8);
    }
}
