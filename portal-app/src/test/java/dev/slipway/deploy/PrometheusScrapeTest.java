package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.testsupport.SlipwayTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** What Prometheus scrapes: the deployer's series, without signing in, and the probes the chart uses. */
@SlipwayTest
class PrometheusScrapeTest {

    @Autowired MockMvc mvc;
    @Autowired ObservationRegistry observations;

    @Test
    void aScrapeShowsSyncDurationsByOutcomeQueueDepthAndAgePendingApprovalsAndDrift() throws Exception {
        MvcResult result = mvc.perform(get("/actuator/prometheus")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        String body = result.getResponse().getContentAsString();
        assertThat(body)
                .contains("slipway_sync_duration_seconds_count{outcome=\"SUCCEEDED\"")
                .contains("slipway_sync_duration_seconds_count{outcome=\"FAILED\"")
                .contains("slipway_queue_depth ")
                .contains("slipway_queue_oldest_age_seconds ")
                .contains("slipway_approvals_pending ")
                .contains("slipway_deployments_drifted ");
        assertThat(body).as("gauges read the database").doesNotContain("slipway_queue_depth NaN");
    }

    @Test
    void springSecurityIsNotObservedButRequestsAre() throws Exception {
        assertThat(Observation.start("spring.security.filterchains", observations).isNoop()).isTrue();
        assertThat(Observation.start("http.server.requests", observations).isNoop()).isFalse();
        mvc.perform(get("/actuator/health/liveness")).andReturn();
        assertThat(mvc.perform(get("/actuator/prometheus")).andReturn().getResponse().getContentAsString())
                .contains("http_server_requests_seconds_count").doesNotContain("spring_security_");
    }

    @Test
    void readinessAndLivenessGroupsAnswerWithoutSigningIn() throws Exception {
        assertThat(mvc.perform(get("/actuator/health/readiness")).andReturn().getResponse().getContentAsString())
                .contains("\"status\":\"UP\"");
        assertThat(mvc.perform(get("/actuator/health/liveness")).andReturn().getResponse().getContentAsString())
                .contains("\"status\":\"UP\"");
    }
}
