package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.testsupport.SlipwayTest;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * What the servlet container forwards to /error after a failure outside any controller (a filter, the
 * session store): MockMvc does not forward, so the forward's request attributes are set by hand here
 * (MalformedApiRequestTest covers real forwards over HTTP).
 */
@SlipwayTest
class FallbackErrorControllerTest {

    @Autowired MockMvc mvc;

    @Test
    void anApiFailureOutsideControllersIsProblemJsonWithoutInternals() throws Exception {
        var response = mvc.perform(forwarded("/api/v1/services", 500, new IllegalStateException("secret internals")))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":500").contains("\"instance\":\"/api/v1/services\"")
                .doesNotContain("secret internals").doesNotContain("IllegalStateException");
    }

    @Test
    void aPageFailureOutsideControllersIsTheHtmlPageWithoutInternals() throws Exception {
        var response = mvc.perform(forwarded("/services", 500, new IllegalStateException("secret internals")))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).startsWith("text/html");
        assertThat(response.getContentAsString()).contains("500").doesNotContain("secret internals")
                .doesNotContain("IllegalStateException");
    }

    @Test
    void aWrongMethodOnTheApiKeepsItsMethodInTheForward() throws Exception {
        // csrf(): a real forward skips the CSRF check (it ran, or not, on the original request); MockMvc cannot
        var response = mvc.perform(post("/error").with(csrf()).requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 405)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/me"))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("POST is not supported");
    }

    private static MockHttpServletRequestBuilder forwarded(String path, int status, Throwable failure) {
        return get("/error")
                .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, status)
                .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, path)
                .requestAttr(RequestDispatcher.ERROR_EXCEPTION, failure);
    }
}
