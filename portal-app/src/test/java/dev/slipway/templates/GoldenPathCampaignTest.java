package dev.slipway.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.audit.AuditTrail;
import dev.slipway.common.TeamRole;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A golden-path campaign over three teams of twenty services each (docs/golden-paths.md): services made
 * from version 1 of a template, some with their own defaults, some without a section the new version
 * changes; version 2 proposes to all of them; leads accept and decline; running the campaign again
 * changes nothing that was decided.
 */
@SlipwayTest
class GoldenPathCampaignTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LEAD_PASSWORD = "golden-lead-password-1";

    private static final String V1 = """
            {"replicas": 2,
             "resources": {"cpuRequest": "250m", "cpuLimit": "1", "memoryRequest": "256Mi", "memoryLimit": "512Mi"},
             "probes": {"readinessPath": "/ready", "port": "http"},
             "securityContext": {"runAsNonRoot": true}}""";
    private static final String V2 = """
            {"replicas": 2,
             "resources": {"cpuRequest": "250m", "cpuLimit": "1500m", "memoryRequest": "256Mi", "memoryLimit": "512Mi"},
             "probes": {"readinessPath": "/health/ready", "port": "http"},
             "securityContext": {"runAsNonRoot": true, "readOnlyRootFilesystem": true, "dropCapabilities": ["ALL"]},
             "podDisruptionBudget": {"minAvailable": 1}}""";

    @Autowired MockMvc mvc;
    @Autowired IdentityService identity;
    @Autowired AuditTrail audit;

    private final Map<String, String> passwords = new HashMap<>();

    record Answer(int status, String location, JsonNode json) {}

    @Test
    void aCampaignOverThreeTeamsProposesAcceptsDeclinesAndRunsAgainWithoutTouchingDecisions() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String third = "gp-" + suffix;
        String thirdLead = "gplead-" + suffix;
        var carol = identity.actor("carol");
        identity.createTeam(carol, new IdentityService.NewTeam(third, "Golden " + suffix));
        identity.createUser(carol, new IdentityService.NewUser(thirdLead, "Third lead", LEAD_PASSWORD, false));
        identity.setMembership(carol, third, thirdLead, TeamRole.LEAD);
        passwords.put(thirdLead, LEAD_PASSWORD);

        String template = "java-" + suffix;
        Answer created = send("carol", post("/api/v1/templates"), """
                {"name": "%s", "description": "Java services", "spec": %s, "enforced": ["securityContext.runAsNonRoot"]}"""
                .formatted(template, V1));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("version").asInt()).isEqualTo(1);

        Answer refused = send("alice", post("/api/v1/services"), serviceBody("gp-bad-" + suffix, "payments", template,
                "\"securityContext\": {\"runAsNonRoot\": false}"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("errors").path(0).path("field").asString())
                .isEqualTo("spec.securityContext.runAsNonRoot");

        Map<String, String> registrars = Map.of("payments", "alice", "search", "dave", third, thirdLead);
        Map<String, List<String>> servicesOf = new HashMap<>();
        for (String team : List.of("payments", "search", third)) {
            for (int i = 0; i < 20; i++) {
                String name = "gp" + i + "-" + team.substring(0, Math.min(team.length(), 8)) + "-" + suffix;
                String extra = switch (i % 5) {
                    case 1 -> "\"resources\": {\"cpuLimit\": \"2\"}";
                    case 2 -> "\"probes\": null";
                    default -> null;
                };
                Answer service = send(registrars.get(team), post("/api/v1/services"),
                        serviceBody(name, team, template, extra));
                assertThat(service.status()).as(service.json().toString()).isEqualTo(201);
                servicesOf.computeIfAbsent(team, t -> new ArrayList<>()).add(name);
            }
        }
        String first = servicesOf.get("payments").get(0);
        JsonNode details = send("bob", get("/api/v1/services/" + first), null).json();
        assertThat(details.path("template").path("name").asString()).isEqualTo(template);
        assertThat(details.path("template").path("version").asInt()).isEqualTo(1);
        assertThat(details.path("spec").path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(details.path("spec").path("resources").path("cpuLimit").asString()).isEqualTo("1");

        assertThat(send("carol", post("/api/v1/templates/" + template + "/versions"), """
                {"spec": %s, "enforced": ["securityContext.runAsNonRoot", "securityContext.readOnlyRootFilesystem"],
                 "note": "stricter pods"}""".formatted(V2)).json().path("version").asInt()).isEqualTo(2);
        assertThat(send("bob", get("/api/v1/services/" + first), null).json().path("template").path("latestVersion")
                .asInt()).isEqualTo(2);
        assertThat(send("bob", post("/api/v1/templates/" + template + "/campaigns"), "{\"version\": 2}").status())
                .as("leads do not start campaigns").isEqualTo(403);

        Answer started = send("carol", post("/api/v1/templates/" + template + "/campaigns"), "{\"version\": 2}");
        assertThat(started.status()).isEqualTo(201);
        long id = started.json().path("id").asLong();
        JsonNode campaign = campaign(id);
        assertThat(campaign.path("items").size()).isEqualTo(60);
        assertThat(counts(campaign)).containsExactly(48, 0, 0, 12, 0, 0);

        JsonNode plain = item(campaign, first);
        assertThat(plain.path("state").asString()).isEqualTo("PROPOSED");
        assertThat(plain.path("fromVersion").asInt()).isEqualTo(1);
        assertThat(paths(plain)).contains("spec.resources.cpuLimit", "spec.probes.readinessPath",
                "spec.securityContext.readOnlyRootFilesystem", "spec.podDisruptionBudget.minAvailable");
        JsonNode ownDefault = item(campaign, servicesOf.get("payments").get(1));
        assertThat(paths(ownDefault)).as("the service's own cpuLimit wins").doesNotContain("spec.resources.cpuLimit")
                .contains("spec.probes.readinessPath");
        JsonNode conflicting = item(campaign, servicesOf.get("payments").get(2));
        assertThat(conflicting.path("state").asString()).isEqualTo("CONFLICTING");
        assertThat(conflicting.path("conflicts").path(0).path("path").asString()).isEqualTo("spec.probes");

        Answer again = send("carol", post("/api/v1/templates/" + template + "/campaigns"), "{\"version\": 2}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asLong()).isEqualTo(id);
        assertThat(campaign(id).path("items").size()).isEqualTo(60);

        List<String> paymentsProposed = proposedOf(campaign, "payments");
        assertThat(paymentsProposed).hasSize(16);
        String accept = "/api/v1/campaigns/" + id + "/accept";
        assertThat(send("alice", post(accept), decision(paymentsProposed, null)).status()).isEqualTo(403);
        assertThat(send("dave", post(accept), decision(paymentsProposed, null)).status()).isEqualTo(403);
        assertThat(send("carol", post(accept), decision(paymentsProposed, null)).status()).isEqualTo(403);
        Answer unknown = send("bob", post(accept), decision(List.of("no-such-service"), null));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().path("errors").path(0).path("field").asString()).isEqualTo("services[0]");

        Answer accepted = send("bob", post(accept), decision(paymentsProposed, null));
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
        JsonNode after = send("bob", get("/api/v1/services/" + first), null).json();
        assertThat(after.path("latestRevision").asInt()).isEqualTo(2);
        assertThat(after.path("template").path("version").asInt()).isEqualTo(2);
        assertThat(after.path("spec").path("resources").path("cpuLimit").asString()).isEqualTo("1500m");
        assertThat(after.path("spec").path("podDisruptionBudget").path("minAvailable").asInt()).isEqualTo(1);
        JsonNode ownAfter = send("bob", get("/api/v1/services/" + servicesOf.get("payments").get(1)), null).json();
        assertThat(ownAfter.path("spec").path("resources").path("cpuLimit").asString()).isEqualTo("2");
        assertThat(audit.recentForService(first, 5)).anySatisfy(e -> assertThat(e.action()).isEqualTo("campaign.accepted"));

        List<String> searchProposed = proposedOf(campaign, "search").subList(0, 5);
        String decline = "/api/v1/campaigns/" + id + "/decline";
        Answer noReason = send("erin", post(decline), decision(searchProposed, null));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.json().path("errors").path(0).path("field").asString()).isEqualTo("reason");
        assertThat(send("erin", post(decline), decision(searchProposed, "we pin our own probes")).status())
                .isEqualTo(200);
        assertThat(send(thirdLead, post(accept), decision(proposedOf(campaign, third).subList(0, 3), null)).status())
                .isEqualTo(200);
        Answer twice = send("bob", post(accept), decision(paymentsProposed.subList(0, 1), null));
        assertThat(twice.status()).as("an accepted proposal is not accepted twice").isEqualTo(422);

        Answer third1 = send("carol", post("/api/v1/templates/" + template + "/campaigns"), "{\"version\": 2}");
        assertThat(third1.json().path("proposed").asInt()).as("only what is still open is proposed again")
                .isEqualTo(24);
        JsonNode done = campaign(id);
        assertThat(done.path("items").size()).isEqualTo(60);
        assertThat(counts(done)).containsExactly(24, 19, 5, 12, 0, 0);
        assertThat(teamCounts(done, "payments")).containsExactly(0, 16, 0, 4, 0, 0);
        assertThat(teamCounts(done, "search")).containsExactly(11, 0, 5, 4, 0, 0);
        assertThat(teamCounts(done, third)).containsExactly(13, 3, 0, 4, 0, 0);
        assertThat(item(done, searchProposed.get(0)).path("reason").asString()).isEqualTo("we pin our own probes");
        assertThat(send("bob", get("/api/v1/services/" + first), null).json().path("latestRevision").asInt())
                .as("running again did not touch an accepted service").isEqualTo(2);
    }

    @Test
    void templatesAreValidatedFieldByField() throws Exception {
        Answer bad = send("carol", post("/api/v1/templates"), """
                {"name": "Not A Label", "spec": {"replicas": "many", "nope": 1}, "enforced": ["resources.memoryLimit", 3]}""");
        assertThat(bad.status()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        bad.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
        assertThat(fields).contains("name", "spec.replicas", "spec.nope", "enforced[0]", "enforced[1]");
        assertThat(send("bob", post("/api/v1/templates"), "{\"name\": \"x\", \"spec\": {}}").status()).isEqualTo(403);
        assertThat(send("bob", get("/api/v1/campaigns/999999999"), null).status()).isEqualTo(404);
    }

    /** An enforced path holds for every later revision too, until a campaign moves the service to a new version. */
    @Test
    void aLaterRevisionMayNotChangeAnEnforcedPathButMayChangeEverythingElse() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String template = "enf-" + suffix;
        assertThat(send("carol", post("/api/v1/templates"), """
                {"name": "%s", "spec": %s, "enforced": ["securityContext.runAsNonRoot"]}""".formatted(template, V1))
                .status()).isEqualTo(201);
        String name = "enf-" + suffix;
        assertThat(send("alice", post("/api/v1/services"), serviceBody(name, "payments", template, null)).status())
                .isEqualTo(201);
        JsonNode spec = send("alice", get("/api/v1/services/" + name), null).json().path("spec");

        var unsafe = (tools.jackson.databind.node.ObjectNode) spec.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) unsafe.path("securityContext")).put("runAsNonRoot", false);
        Answer refused = send("alice", post("/api/v1/services/" + name + "/revisions"),
                JSON.writeValueAsString(Map.of("baseRevision", 1, "spec", unsafe)));
        var withoutIt = (tools.jackson.databind.node.ObjectNode) spec.deepCopy();
        withoutIt.remove("securityContext");
        Answer removed = send("alice", post("/api/v1/services/" + name + "/revisions"),
                JSON.writeValueAsString(Map.of("baseRevision", 1, "spec", withoutIt)));
        var scaled = (tools.jackson.databind.node.ObjectNode) spec.deepCopy();
        scaled.put("replicas", 4);
        Answer saved = send("alice", post("/api/v1/services/" + name + "/revisions"),
                JSON.writeValueAsString(Map.of("baseRevision", 1, "spec", scaled)));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("errors").path(0).path("field").asString())
                .isEqualTo("spec.securityContext.runAsNonRoot");
        assertThat(refused.json().path("errors").path(0).path("message").asString())
                .contains("enforced by template " + template + " version 1");
        assertThat(removed.status()).as("removing the section removes the enforced value").isEqualTo(422);
        assertThat(saved.status()).as(saved.json().toString()).isEqualTo(201);
    }

    private static String serviceBody(String name, String team, String template, String extra) {
        String spec = "{\"image\": \"registry.example.com/" + team + "/" + name + ":1\","
                + " \"ports\": [{\"name\": \"http\", \"containerPort\": 8080, \"servicePort\": 80}]"
                + (extra == null ? "" : ", " + extra) + "}";
        return "{\"name\": \"" + name + "\", \"team\": \"" + team + "\", \"template\": \"" + template + "\", \"spec\": "
                + spec + "}";
    }

    private static String decision(List<String> services, String reason) {
        return JSON.writeValueAsString(reason == null ? Map.of("services", services)
                : Map.of("services", services, "reason", reason));
    }

    private JsonNode campaign(long id) throws Exception {
        Answer answer = send("bob", get("/api/v1/campaigns/" + id), null);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode item(JsonNode campaign, String service) {
        for (JsonNode item : campaign.path("items")) {
            if (item.path("service").asString().equals(service)) {
                return item;
            }
        }
        throw new AssertionError("no item for " + service);
    }

    private static List<String> paths(JsonNode item) {
        List<String> paths = new ArrayList<>();
        item.path("diff").forEach(c -> paths.add(c.path("path").asString()));
        return paths;
    }

    private static List<String> proposedOf(JsonNode campaign, String team) {
        List<String> names = new ArrayList<>();
        for (JsonNode item : campaign.path("items")) {
            if (item.path("team").asString().equals(team) && item.path("state").asString().equals("PROPOSED")) {
                names.add(item.path("service").asString());
            }
        }
        return names;
    }

    private static List<Integer> counts(JsonNode campaign) {
        return countsOf(campaign.path("counts"));
    }

    private static List<Integer> teamCounts(JsonNode campaign, String team) {
        for (JsonNode progress : campaign.path("teams")) {
            if (progress.path("team").asString().equals(team)) {
                return countsOf(progress.path("counts"));
            }
        }
        throw new AssertionError("no progress for " + team);
    }

    private static List<Integer> countsOf(JsonNode counts) {
        return List.of(counts.path("proposed").asInt(), counts.path("accepted").asInt(), counts.path("declined").asInt(),
                counts.path("conflicting").asInt(), counts.path("deployed").asInt(), counts.path("healthy").asInt());
    }

    private Answer send(String user, MockHttpServletRequestBuilder request, String body) throws Exception {
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        MockHttpServletResponse response = mvc.perform(request.with(httpBasic(user, passwords.getOrDefault(user, user))))
                .andReturn().getResponse();
        String text = response.getContentAsString(StandardCharsets.UTF_8);
        return new Answer(response.getStatus(), response.getHeader("Location"),
                text.isEmpty() ? JSON.missingNode() : JSON.readTree(text));
    }
}
