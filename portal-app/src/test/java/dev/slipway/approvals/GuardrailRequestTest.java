package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * Each guardrail refuses a request that breaks it, through the API (422 naming the field and the
 * rule) and through the plan page's request button (the message shown on the plan page), and lets a
 * spec within it through. Nothing is applied anywhere: the environments need approval.
 */
@SlipwayTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuardrailRequestTest {

    private static final String GOOD_IMAGE = "registry.example.com/payments/api:1.0.0";

    @Autowired MockMvc mvc;
    @Autowired IdentityService identity;
    @Autowired JdbcTemplate jdbc;

    private ApprovalScenario scenario;

    @BeforeAll
    void aTeamWithAnEngineer() throws Exception {
        scenario = new ApprovalScenario(mvc, identity).withUnreachableCluster();
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("maxReplicas", Map.of("maxReplicas", 2),
                        Map.of("image", GOOD_IMAGE, "replicas", 3),
                        Map.of("image", GOOD_IMAGE, "replicas", 2),
                        "spec.replicas"),
                Arguments.of("maxReplicas", Map.of("maxReplicas", 4),
                        Map.of("image", GOOD_IMAGE, "autoscaling", Map.of("minReplicas", 2, "maxReplicas", 6)),
                        Map.of("image", GOOD_IMAGE, "autoscaling", Map.of("minReplicas", 2, "maxReplicas", 4)),
                        "spec.autoscaling.maxReplicas"),
                Arguments.of("maxCpu", Map.of("maxCpu", "1"),
                        Map.of("image", GOOD_IMAGE, "resources", Map.of("cpuRequest", "500m", "cpuLimit", "1500m")),
                        Map.of("image", GOOD_IMAGE, "resources", Map.of("cpuRequest", "500m", "cpuLimit", "1")),
                        "spec.resources.cpuLimit"),
                Arguments.of("maxMemory", Map.of("maxMemory", "512Mi"),
                        Map.of("image", GOOD_IMAGE, "resources", Map.of("memoryRequest", "1Gi")),
                        Map.of("image", GOOD_IMAGE, "resources", Map.of("memoryRequest", "512Mi")),
                        "spec.resources.memoryRequest"),
                Arguments.of("allowedRegistries", Map.of("allowedRegistries", List.of("registry.example.com/payments")),
                        Map.of("image", "nginx:1.27"),
                        Map.of("image", GOOD_IMAGE),
                        "spec.image"),
                Arguments.of("requireLimits", Map.of("requireLimits", true),
                        Map.of("image", GOOD_IMAGE, "resources", Map.of("cpuRequest", "100m", "cpuLimit", "1",
                                "memoryRequest", "128Mi")),
                        Map.of("image", GOOD_IMAGE, "resources", Map.of("cpuLimit", "1", "memoryLimit", "256Mi")),
                        "spec.resources.memoryLimit"),
                Arguments.of("forbidLatestTag", Map.of("forbidLatestTag", true),
                        Map.of("image", "registry.example.com/payments/api"),
                        Map.of("image", GOOD_IMAGE),
                        "spec.image"));
    }

    @ParameterizedTest(name = "{0} refuses {4} through the API")
    @MethodSource("rules")
    void theApiRefusesARequestThatBreaksTheGuardrailNamingTheFieldAndTheRule(String rule, Map<String, Object> policy,
            Map<String, Object> breaking, Map<String, Object> keeping, String field) throws Exception {
        String environment = scenario.environment("g", true, policy);
        String bad = scenario.service("bad", breaking);
        String good = scenario.service("good", keeping);

        JsonNode refused = scenario.call(post("/api/v1/services/" + bad + "/deployments"), scenario.engineer,
                Map.of("environment", environment), 422);

        assertThat(refused.get("errors")).hasSize(1);
        assertThat(refused.get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(refused.get("errors").get(0).get("message").asString())
                .contains(" in " + environment + " (guardrail " + rule);
        assertThat(requestsOf(bad)).isZero();
        assertThat(jdbc.queryForObject("select details->>'rule' from audit_events where action = 'deployment.refused'"
                + " and service = ? and actor = ?", String.class, bad, scenario.engineer)).isEqualTo("guardrails");
        scenario.call(post("/api/v1/services/" + good + "/deployments"), scenario.engineer,
                Map.of("environment", environment), 201);
    }

    @ParameterizedTest(name = "{0} refuses {4} through the plan page")
    @MethodSource("rules")
    void thePlanPagesRequestButtonShowsWhyTheGuardrailRefusedIt(String rule, Map<String, Object> policy,
            Map<String, Object> breaking, Map<String, Object> keeping, String field) throws Exception {
        String environment = scenario.environment("f", true, policy);
        String bad = scenario.service("bad", breaking);

        MvcResult refused = mvc.perform(post("/services/" + bad + "/deployments").with(user(scenario.engineer))
                .with(csrf()).param("environment", environment).param("comment", "try")).andReturn();

        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/services/" + bad + "/plan?environment="
                + environment);
        String message = (String) refused.getFlashMap().get("flashError");
        assertThat(message).startsWith(field + " ").contains(" in " + environment + " (guardrail " + rule);
        String planPage = mvc.perform(get(refused.getResponse().getRedirectedUrl()).with(user(scenario.engineer))
                .flashAttrs(refused.getFlashMap())).andReturn().getResponse().getContentAsString();
        assertThat(planPage).contains("(guardrail " + rule);
        assertThat(requestsOf(bad)).isZero();
    }

    private int requestsOf(String service) {
        return jdbc.queryForObject("select count(*) from deployment_requests r join services s on s.id = r.service_id"
                + " where s.name = ?", Integer.class, service);
    }
}
