package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.common.TeamRole;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.Kubeconfigs;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fresh team of its own, so queues and counts in the shared database belong to this scenario only:
 * an engineer, two leads, and a lead of a second team. A platform admin registers a cluster (the test
 * API server, or one that never answers) and environments; everything else goes through the API the
 * way people use it. Every password is the username.
 */
final class ApprovalScenario {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ADMIN = "carol";

    /** A kubeconfig whose server refuses every connection: the deployer retries, nothing is applied. */

    private final MockMvc mvc;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String team = "t-" + suffix;
    final String engineer = "eng-" + suffix;
    final String lead = "lead-" + suffix;
    final String secondLead = "lead2-" + suffix;
    final String otherTeamLead = "other-" + suffix;
    private String cluster;
    private int names;

    ApprovalScenario(MockMvc mvc, IdentityService identity) {
        this.mvc = mvc;
        var admin = identity.actor(ADMIN);
        identity.createTeam(admin, new IdentityService.NewTeam(team, "Team " + suffix));
        identity.createTeam(admin, new IdentityService.NewTeam("o-" + suffix, "Other " + suffix));
        for (String user : new String[] {engineer, lead, secondLead, otherTeamLead}) {
            identity.createUser(admin, new IdentityService.NewUser(user, user, user, false));
        }
        identity.setMembership(admin, team, engineer, TeamRole.ENGINEER);
        identity.setMembership(admin, team, lead, TeamRole.LEAD);
        identity.setMembership(admin, team, secondLead, TeamRole.LEAD);
        identity.setMembership(admin, "o-" + suffix, otherTeamLead, TeamRole.LEAD);
    }

    /** Registers the shared test API server as this scenario's cluster. */
    ApprovalScenario withCluster(KubeCluster kube) throws Exception {
        return withCluster(kube.kubeconfig());
    }

    /** Registers a cluster that is never reachable: syncs keep retrying, so a test can change things in between. */
    ApprovalScenario withUnreachableCluster() throws Exception {
        return withCluster(Kubeconfigs.UNREACHABLE);
    }

    private ApprovalScenario withCluster(String kubeconfig) throws Exception {
        cluster = "c-" + suffix;
        call(post("/api/v1/clusters"), ADMIN, Map.of("name", cluster, "kubeconfig", kubeconfig), 201);
        return this;
    }

    /** An environment on the scenario's cluster, with a name of its own; {@code policy} may be empty. */
    String environment(String prefix, boolean requiresApproval, Map<String, Object> policy) throws Exception {
        String name = uniqueName(prefix);
        call(post("/api/v1/environments"), ADMIN, environmentBody(name, "{team}-{environment}", requiresApproval, policy),
                201);
        return name;
    }

    void changeEnvironment(String name, String namespaceTemplate, boolean requiresApproval, Map<String, Object> policy)
            throws Exception {
        call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/environments/" + name),
                ADMIN, environmentBody(name, namespaceTemplate, requiresApproval, policy), 200);
    }

    /** The platform admin names {@code team} (null: none) the fallback approvers of an approval environment. */
    JsonNode setFallbackApprovers(String environment, String team, int expectedStatus) throws Exception {
        Map<String, Object> body = environmentBody(environment, "{team}-{environment}", true, Map.of());
        body.put("fallbackApprovers", team);
        return call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/environments/"
                + environment), ADMIN, body, expectedStatus);
    }

    /** Who could approve what {@code user} would request for the environment. */
    JsonNode approvers(String user, String service, String environment) throws Exception {
        return call(get("/api/v1/services/" + service + "/approvers?environment=" + environment), user, null, 200);
    }

    private Map<String, Object> environmentBody(String name, String namespaceTemplate, boolean requiresApproval,
            Map<String, Object> policy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("cluster", cluster);
        body.put("namespaceTemplate", namespaceTemplate);
        body.put("order", 0);
        body.put("requiresApproval", requiresApproval);
        body.put("driftMode", "DETECT");
        body.put("policy", policy);
        return body;
    }

    /** A service of the scenario's team, registered by its engineer. */
    String service(String prefix, Map<String, Object> spec) throws Exception {
        String name = uniqueName(prefix);
        call(post("/api/v1/services"), engineer, Map.of("name", name, "team", team, "description", "approvals",
                "spec", spec), 201);
        return name;
    }

    private synchronized String uniqueName(String prefix) {
        return prefix + "-" + suffix + "-" + ++names;
    }

    int saveRevision(String service, int base, Map<String, Object> spec) throws Exception {
        return call(post("/api/v1/services/" + service + "/revisions"), engineer,
                Map.of("baseRevision", base, "spec", spec), 201).get("number").asInt();
    }

    /** {@code user} requests the latest revision for {@code environment}; returns the request id. */
    long request(String user, String service, String environment) throws Exception {
        return request(user, service, environment, "please");
    }

    /** {@code user} requests the latest revision for {@code environment}, saying why; returns the request id. */
    long request(String user, String service, String environment, String reason) throws Exception {
        return call(post("/api/v1/services/" + service + "/deployments"), user,
                Map.of("environment", environment, "comment", reason), 201).get("id").asLong();
    }

    JsonNode decide(String user, long id, String decision, String comment, int expectedStatus) throws Exception {
        Map<String, Object> body = new HashMap<>();
        body.put("comment", comment);
        return call(post("/api/v1/deployments/" + id + "/" + decision), user, body, expectedStatus);
    }

    JsonNode deployment(long id) throws Exception {
        return call(get("/api/v1/deployments/" + id), engineer, null, 200);
    }

    JsonNode awaitState(long id, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(deployment(id).get("state").asString()).isEqualTo(state));
        try {
            return deployment(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode call(MockHttpServletRequestBuilder request, String user, Object body, int expectedStatus) throws Exception {
        MvcResult result = perform(request, user, body);
        String text = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as("%s %s by %s -> %s", request, body, user, text)
                .isEqualTo(expectedStatus);
        return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
    }

    MvcResult perform(MockHttpServletRequestBuilder request, String user, Object body) throws Exception {
        request.with(httpBasic(user, user)).accept(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body));
        }
        return mvc.perform(request).andReturn();
    }

    static Map<String, Object> spec(String image) {
        return Map.of("image", image, "replicas", 1);
    }
}
