package dev.slipway.observe.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.deploy.DeployerScenario;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * The timeline API against a real API server and PostgreSQL: Slipway's entries and the Kubernetes events the
 * lease holder kept, merged newest first and paged by cursor without loss or repetition; its parameters checked
 * naming the field; the events table bounded per service.
 */
@SlipwayTest
@KubeTest
class TimelineApiTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired ClusterEventLog log;
    @Autowired TimelineSettings settings;

    @Test
    void slipwayEntriesAndKeptKubernetesEventsMergeNewestFirstAndPageWithTheCursor(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("tl", false, "DETECT");
        String service = scenario.service("tl", spec());
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");

        // An event as a real cluster reports it, seen by the watch and kept by the lease holder.
        createEvent(kube, "payments-" + env, service);
        JsonNode backOff = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> items(scenario, service, env, "?source=kubernetes").stream()
                        .filter(i -> i.get("reason").asString().equals("BackOff")).findFirst().orElse(null),
                item -> item != null);
        assertThat(backOff.get("source").asString()).isEqualTo("kubernetes");
        assertThat(backOff.get("kind").asString()).isEqualTo("Warning");
        assertThat(backOff.get("warning").asBoolean()).isTrue();
        assertThat(backOff.get("object").asString()).isEqualTo("Deployment/" + service);
        assertThat(backOff.get("message").asString()).isEqualTo("Back-off restarting failed container");
        assertThat(backOff.get("actor").isNull()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from cluster_events where uid = ?", Integer.class,
                eventUid(kube, "payments-" + env, service)))
                .as("kept in PostgreSQL").isEqualTo(1);

        // More events, interleaved in time with the deployment's audit entries.
        long serviceId = id("services", service);
        long environmentId = id("environments", env);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ClusterEventLog.ClusterEvent> more = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Instant at = now.minusSeconds(i * 20L);
            more.add(new ClusterEventLog.ClusterEvent("uid-" + scenario.suffix + "-" + i, at, at, "Normal", "Step" + i,
                    "Pod/" + service + "-p" + i, "step " + i, 1));
        }
        log.record(serviceId, environmentId, more);

        List<JsonNode> all = items(scenario, service, env, "?limit=200");
        assertThat(all).extracting(i -> i.get("source").asString()).contains("slipway", "kubernetes");
        assertThat(all).extracting(i -> Instant.parse(i.get("at").asString()))
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        JsonNode synced = all.stream().filter(i -> i.get("kind").asString().equals("deployment.synced")).findFirst()
                .orElseThrow();
        assertThat(synced.get("actor").asString()).isEqualTo("deployer");
        assertThat(synced.get("object").asString()).startsWith("deployment/");
        assertThat(synced.get("message").asString()).startsWith("Synced revision 1");
        JsonNode requested = all.stream().filter(i -> i.get("kind").asString().equals("deployment.requested"))
                .findFirst().orElseThrow();
        assertThat(requested.get("actor").asString()).isEqualTo("alice");
        assertThat(all.indexOf(requested)).as("requested before it synced").isGreaterThan(all.indexOf(synced));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = scenario.call(get(path(service, env) + "?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)), "alice", null, 200);
            assertThat(page.get("items").size()).isBetween(1, 2);
            page.get("items").forEach(i -> paged.add(i.toString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(paged).containsExactlyElementsOf(all.stream().map(JsonNode::toString).toList());
        assertThat(pages).isEqualTo((all.size() + 1) / 2);

        // The status page's live panel shows the newest entries; the timeline page filters and pages.
        String status = page("/services/" + service + "/environments/" + env, 200);
        assertThat(status).contains("data-testid=\"timeline-section\"", "Back-off restarting failed container",
                "Synced revision 1", "data-warning=\"true\"");
        assertThat(status).contains("data-testid=\"timeline-actor\">deployer<");
        String kubernetes = page("/services/" + service + "/environments/" + env + "/timeline?source=kubernetes", 200);
        assertThat(kubernetes).contains("Step6", "Back-off restarting failed container").doesNotContain("Synced revision");
        String first = page("/services/" + service + "/environments/" + env + "/timeline", 200);
        assertThat(first).contains("data-testid=\"timeline-item\"");
        page("/services/" + service + "/environments/" + env + "/timeline?source=nope", 422);
        page("/services/" + service + "/environments/" + env + "/timeline?cursor=nope", 422);

        assertThat(items(scenario, service, env, "?source=slipway&limit=200"))
                .isNotEmpty().allSatisfy(i -> assertThat(i.get("source").asString()).isEqualTo("slipway"));
        assertThat(items(scenario, service, env, "?source=kubernetes&limit=200")).hasSize(8)
                .allSatisfy(i -> assertThat(i.get("source").asString()).isEqualTo("kubernetes"));
    }

    @Test
    void limitCursorAndSourceAreRefusedNamingTheFieldAndUnknownNamesAreNotFound(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("tlv", false, "DETECT");
        String service = scenario.service("tlv", spec());
        String forged = Base64.getUrlEncoder().encodeToString("t1:-5:1:1".getBytes(StandardCharsets.US_ASCII));
        String huge = Base64.getUrlEncoder().encodeToString("t1:999999999999999999:1:1".getBytes(StandardCharsets.US_ASCII));
        for (String[] bad : List.of(new String[] {"limit=0", "limit"}, new String[] {"limit=201", "limit"},
                new String[] {"limit=abc", "limit"}, new String[] {"limit=-1", "limit"},
                new String[] {"cursor=nonsense", "cursor"}, new String[] {"cursor=" + forged, "cursor"},
                new String[] {"cursor=" + huge, "cursor"}, new String[] {"cursor=%00%01", "cursor"},
                new String[] {"source=pods", "source"})) {
            JsonNode problem = scenario.call(get(path(service, env) + "?" + bad[0]), "alice", null, 422);
            assertThat(problem.get("errors").get(0).get("field").asString()).as(bad[0]).isEqualTo(bad[1]);
            assertThat(problem.get("detail").asString()).as(bad[0]).startsWith(bad[1] + ":");
        }
        assertThat(scenario.call(get(path(service, env) + "?limit=200"), "alice", null, 200).get("items")).isEmpty();
        scenario.call(get(path("no-such-service", env)), "alice", null, 404);
        scenario.call(get(path(service, "no-such-env")), "alice", null, 404);
    }

    @Test
    void theEventsTableKeepsOnlyTheNewestEventsOfAServiceWithinItsBoundAndRetention(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("tlb", false, "DETECT");
        String service = scenario.service("tlb", spec());
        long serviceId = id("services", service);
        long environmentId = id("environments", env);
        int bound = settings.eventsPerService();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ClusterEventLog.ClusterEvent> events = new ArrayList<>();
        for (int i = 0; i < bound + 25; i++) {
            Instant at = now.minusSeconds(i).plusMillis(250);
            events.add(new ClusterEventLog.ClusterEvent("b-" + scenario.suffix + "-" + i, at, at, "Normal", "R" + i,
                    "Pod/p" + i, "m", 1));
        }
        Instant old = now.minus(settings.eventRetention()).minusSeconds(60);
        events.add(new ClusterEventLog.ClusterEvent("b-" + scenario.suffix + "-old", old, old, "Normal", "Old",
                "Pod/old", "m", 1));

        log.record(serviceId, environmentId, events);

        assertThat(jdbc.queryForObject("select count(*) from cluster_events where service_id = ? and environment_id = ?",
                Integer.class, serviceId, environmentId)).isEqualTo(bound);
        assertThat(jdbc.queryForObject("select min(seen_at) from cluster_events where service_id = ?",
                java.sql.Timestamp.class, serviceId).toInstant()).isEqualTo(now.minusSeconds(bound - 1).plusMillis(250));

        // Written again as it is: nothing to write. Repeated: one row, its count and time moved on.
        assertThat(log.record(serviceId, environmentId, events.subList(0, 3))).isZero();
        Instant later = now.plusSeconds(30).plusMillis(250);
        var repeated = new ClusterEventLog.ClusterEvent(events.get(0).uid(), later, now, "Normal", "R0", "Pod/p0", "m", 4);
        assertThat(log.record(serviceId, environmentId, List.of(repeated))).isEqualTo(1);
        assertThat(jdbc.queryForMap("select count, seen_at from cluster_events where uid = ?", repeated.uid()))
                .containsEntry("count", 4).containsEntry("seen_at", java.sql.Timestamp.from(later));

        // The sweep drops what outlived the retention, also of pairs nobody writes to any more.
        jdbc.update("update cluster_events set seen_at = ? where uid = ?", java.sql.Timestamp.from(old),
                events.get(5).uid());
        assertThat(log.sweep()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from cluster_events where uid = ?", Integer.class,
                events.get(5).uid())).isZero();
    }

    static java.util.Map<String, Object> spec() {
        return java.util.Map.of("image", "registry.example.com/payments/api:1.0.0", "replicas", 1,
                "ports", List.of(java.util.Map.of("name", "http", "containerPort", 8080, "servicePort", 80)));
    }

    private String page(String path, int expected) throws Exception {
        var response = mvc.perform(get(path).with(org.springframework.security.test.web.servlet.request
                .SecurityMockMvcRequestPostProcessors.user("alice"))).andReturn().getResponse();
        assertThat(response.getStatus()).as(path).isEqualTo(expected);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    private List<JsonNode> items(DeployerScenario scenario, String service, String env, String query) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        scenario.call(get(path(service, env) + query), "alice", null, 200).get("items").forEach(items::add);
        return items;
    }

    private long id(String table, String name) {
        return jdbc.queryForObject("select id from " + table + " where name = ?", Long.class, name);
    }

    private static String path(String service, String env) {
        return "/api/v1/services/" + service + "/environments/" + env + "/timeline";
    }

    private static void createEvent(KubeCluster kube, String ns, String service) {
        var object = new io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject(
                com.google.gson.JsonParser.parseString("""
                        {"apiVersion":"v1","kind":"Event","metadata":{"name":"%1$s.timeline"},
                         "involvedObject":{"kind":"Deployment","name":"%1$s","namespace":"%2$s"},
                         "reason":"BackOff","message":"Back-off restarting failed container","type":"Warning",
                         "count":3,"firstTimestamp":"%3$s","lastTimestamp":"%3$s"}""".formatted(service, ns,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS))).getAsJsonObject());
        var response = new DynamicKubernetesApi("", "v1", "events", kube.client()).create(ns, object,
                new io.kubernetes.client.util.generic.options.CreateOptions());
        assertThat(response.isSuccess()).as("create event: %s", response.getStatus()).isTrue();
    }

    private static String eventUid(KubeCluster kube, String ns, String service) {
        return new DynamicKubernetesApi("", "v1", "events", kube.client()).get(ns, service + ".timeline").getObject()
                .getMetadata().getUid();
    }
}
