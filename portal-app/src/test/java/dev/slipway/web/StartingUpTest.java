package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.testsupport.SlipwayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * While Slipway is not ready (starting, or shutting down) it says so with 503 and Retry-After rather than
 * refusing alice's password, and its readiness probe is down; once ready, everything answers as usual.
 */
@SlipwayTest
class StartingUpTest {

    @Autowired MockMvc mvc;
    @Autowired ApplicationContext context;

    @Test
    void requestsBeforeReadinessGetA503ThatSaysSoAndTheReadinessProbeIsDown() throws Exception {
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            MockHttpServletResponse api = mvc.perform(get("/api/v1/services").with(httpBasic("alice", "alice")))
                    .andReturn().getResponse();
            assertThat(api.getStatus()).isEqualTo(503);
            assertThat(api.getHeader("Retry-After")).isEqualTo("1");
            assertThat(api.getContentType()).startsWith("application/problem+json");
            assertThat(api.getContentAsString()).contains("starting up");

            MockHttpServletResponse page = mvc.perform(get("/login")).andReturn().getResponse();
            assertThat(page.getStatus()).isEqualTo(503);
            assertThat(page.getContentAsString()).contains("Slipway is starting").doesNotContain("Exception");

            assertThat(mvc.perform(get("/actuator/health/readiness")).andReturn().getResponse().getStatus()).isEqualTo(503);
            assertThat(mvc.perform(get("/actuator/health/liveness")).andReturn().getResponse().getStatus()).isEqualTo(200);
        } finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }
        assertThat(mvc.perform(get("/api/v1/services").with(httpBasic("alice", "alice"))).andReturn().getResponse()
                .getStatus()).isEqualTo(200);
        assertThat(mvc.perform(get("/actuator/health/readiness")).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void theDemoAccountsAreMadeBeforeReadinessTurnsToAcceptingTraffic() {
        // Spring Boot runs ApplicationRunners after the context starts and only then publishes
        // ApplicationReadyEvent, which turns readiness to accepting: demo data made in a runner is in place before
        // any request is let through. Made in a ready-event listener or in the background, it would not be.
        assertThat(context.getBeansOfType(ApplicationRunner.class).keySet()).contains("demoData");
    }
}
