package dev.slipway.deploy.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.deploy.DeployerScenario;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.NodeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * The live tail against pods that really run (the demo image logs one line per request): a request's line arrives
 * within 2 s, lines of both pods arrive with their names, {@code q} keeps only matching lines, a pod that starts
 * later joins and pods that go away are let go, and when the reader hangs up every follow on the API server ends.
 */
@SlipwayTest
@NodeTest
class LiveLogTailTest {

    private static final Duration ROLLOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Autowired MockMvc mvc;
    @Autowired LogStreams streams;
    @LocalServerPort int port;

    private final List<Tail> tails = new ArrayList<>();
    private KubeCluster kube;
    private String namespace;

    @AfterEach
    void cleanUp() throws Exception {
        for (Tail tail : tails) {
            tail.close();
        }
        if (namespace != null) {
            try {
                new CoreV1Api(kube.client()).deleteNamespace(namespace).execute();
            } catch (ApiException e) {
                // already gone
            }
        }
    }

    @Test
    void linesOfEveryPodArriveAsTheyAreWrittenFilteredByQAndEveryFollowEndsWhenTheReaderGoes(KubeCluster kube)
            throws Exception {
        this.kube = kube;
        streams.closeAll(); // tails other tests of this context left open (MockMvc never hangs up)
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("tail", false, "DETECT");
        namespace = "payments-" + env;
        String service = scenario.service("tail", demoSpec(2));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        Set<String> pods = awaitPods(scenario, service, env, 2);
        String clusterIp = new CoreV1Api(kube.client()).readNamespacedService(service, namespace).execute().getSpec()
                .getClusterIP();
        String stream = "/api/v1/services/" + service + "/environments/" + env + "/logs/stream";

        Tail all = open(stream);
        // Both pods: their last lines at once (each started with "listening on"), then readiness probes.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(all.podsSeen()).isEqualTo(pods));
        assertThat(all.lines()).allSatisfy(line -> {
            assertThat(pods).contains(line.get("pod").asString());
            assertThat(line.get("container").asString()).isEqualTo(service);
        });
        assertThat(all.text()).contains("demo: listening on :8080");
        assertThat(streams.openFollows()).isEqualTo(2);

        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String mark = "/mark-" + UUID.randomUUID();
            long sent = System.nanoTime();
            get("http://" + clusterIp + mark);
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> all.arrivedAt(mark) > 0);
            latencies.add((all.arrivedAt(mark) - sent) / 1_000_000);
        }
        System.err.println("Live tail: a request's log line arrived after " + latencies + " ms");
        assertThat(latencies).allSatisfy(ms -> assertThat(ms).as("ms from request to line").isLessThan(2_000));

        String keep = "keep-" + UUID.randomUUID();
        String drop = "drop-" + UUID.randomUUID();
        Tail filtered = open(stream + "?q=" + keep.toUpperCase());
        get("http://" + clusterIp + "/" + drop);
        get("http://" + clusterIp + "/" + keep);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> filtered.arrivedAt(keep) > 0 && all.arrivedAt(keep) > 0);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> all.arrivedAt(drop) > 0);
        Thread.sleep(1_000);
        assertThat(filtered.lines()).singleElement().satisfies(line ->
                assertThat(line.get("line").asString()).contains("GET /" + keep + " 404"));
        filtered.close();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> streams.openFollows() == 2);

        // A scale-out: the new pod joins the open tail.
        int three = scenario.saveRevision(service, scenario.latestRevision(service), demoSpec(3));
        scenario.awaitState(scenario.deploy(service, env, three), "SYNCED");
        Set<String> scaled = awaitPods(scenario, service, env, 3);
        Set<String> added = new TreeSet<>(scaled);
        added.removeAll(pods);
        assertThat(added).hasSize(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(all.podsSeen()).containsAll(added));
        assertThat(all.text()).contains("listening on :8080 (DEMO_MODE=ok, pod " + added.iterator().next() + ")");

        // A scale-in: the pods that go are let go.
        int one = scenario.saveRevision(service, three, demoSpec(1));
        scenario.awaitState(scenario.deploy(service, env, one), "SYNCED");
        awaitPods(scenario, service, env, 1);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> streams.openFollows() == 1);

        long hungUp = System.nanoTime();
        all.close();
        Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                .until(() -> streams.openFollows() == 0 && streams.openStreams() == 0);
        System.err.println("Live tail: every follow ended " + (System.nanoTime() - hungUp) / 1_000_000
                + " ms after the reader hung up");
    }

    // ---------------------------------------------------------------------------------------------

    private Tail open(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Tail tail = new Tail(response.body());
        tails.add(tail);
        return tail;
    }

    /** What one reader of the stream received: each line event with the time it arrived. */
    static final class Tail {
        private final InputStream body;
        private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
        private final Map<String, Long> arrived = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread reader;

        Tail(InputStream body) {
            this.body = body;
            this.reader = new Thread(this::read, "test-log-tail-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (var in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String event = null;
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if ("line".equals(event) && !data.isEmpty()) {
                            JsonNode node = DeployerScenario.JSON.readTree(data.toString());
                            lines.add(node);
                            arrived.putIfAbsent(node.get("line").asString(), System.nanoTime());
                        }
                        event = null;
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5));
                    }
                }
            } catch (Exception e) {
                // closed by the test
            }
        }

        long arrivedAt(String fragment) {
            return arrived.entrySet().stream().filter(e -> e.getKey().contains(fragment)).mapToLong(Map.Entry::getValue)
                    .findFirst().orElse(0);
        }

        List<JsonNode> lines() {
            return List.copyOf(lines);
        }

        Set<String> podsSeen() {
            Set<String> pods = new TreeSet<>();
            lines.forEach(line -> pods.add(line.get("pod").asString()));
            return pods;
        }

        String text() {
            StringBuilder text = new StringBuilder();
            lines.forEach(line -> text.append(line.get("line").asString()).append('\n'));
            return text.toString();
        }

        void close() throws Exception {
            body.close();
            reader.interrupt();
        }
    }

    static Map<String, Object> demoSpec(int replicas) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("image", KubeCluster.DEMO_IMAGE);
        spec.put("replicas", replicas);
        spec.put("ports", List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80)));
        spec.put("resources", Map.of("cpuRequest", "20m", "cpuLimit", "200m", "memoryRequest", "16Mi",
                "memoryLimit", "64Mi"));
        spec.put("probes", Map.of("readinessPath", "/ready", "livenessPath", "/live", "port", "http"));
        return spec;
    }

    /** Waits until the service is HEALTHY with exactly {@code count} pods; their names. */
    static Set<String> awaitPods(DeployerScenario scenario, String service, String env, int count) {
        Set<String> names = new TreeSet<>();
        Awaitility.await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = scenario.status(service, env);
            assertThat(status.get("health").asString()).as("%s", status).isEqualTo("HEALTHY");
            assertThat(status.get("pods")).as("%s", status).hasSize(count);
            names.clear();
            status.get("pods").forEach(pod -> names.add(pod.get("name").asString()));
        });
        return names;
    }

    /**
     * GET through the Service's ClusterIP; any answer will do (a path the demo does not serve is a 404, and logged
     * all the same). kube-proxy may need a moment for a new endpoint, so a refused connection is tried again.
     */
    static void get(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }
}
