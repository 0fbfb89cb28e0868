package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.NodeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * Deployed services that really run, on bin/test-cluster's node: the demo image ({@link KubeCluster#DEMO_IMAGE})
 * with probes, config, a secret and an autoscaler becomes HEALTHY with Ready pods that answer through
 * their Service; a crash, a failing readiness probe and an autoscaler under real CPU load show on the
 * status as a person needs to read them.
 */
@SlipwayTest
@NodeTest
class RunningServiceTest {

    private static final Duration ROLLOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Autowired MockMvc mvc;

    private final List<String> namespaces = new ArrayList<>();
    private KubeCluster kube;

    @AfterEach
    void stopWhatRuns() {
        // Pods of one test must not eat the CPU of the next (the burning one least of all).
        for (String namespace : namespaces) {
            try {
                new CoreV1Api(kube.client()).deleteNamespace(namespace).execute();
            } catch (ApiException e) {
                // already gone
            }
        }
    }

    @Test
    void theDemoServiceRunsHealthyWithItsConfigSecretAndAutoscaler(KubeCluster kube) throws Exception {
        var scenario = scenario(kube);
        String env = environment(scenario);
        Map<String, Object> spec = demoSpec(Map.of("GREETING", "hello"));
        spec.put("autoscaling", Map.of("minReplicas", 2, "maxReplicas", 3, "cpuUtilization", 80));
        spec.put("secrets", List.of("API_KEY"));
        String service = scenario.service("demo", spec);
        String apiKey = "key-" + scenario.suffix + "-never-shown";
        scenario.secret(service, "API_KEY", apiKey);

        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        JsonNode status = awaitHealth(scenario, service, env, "HEALTHY");

        assertThat(status.get("pods")).hasSize(2).allSatisfy(pod -> {
            assertThat(pod.get("ready").asBoolean()).isTrue();
            assertThat(pod.get("phase").asString()).isEqualTo("Running");
            assertThat(pod.get("restarts").asInt()).isZero();
        });
        assertThat(status.get("hpa").get("minReplicas").asInt()).isEqualTo(2);
        assertThat(status.get("hpa").get("maxReplicas").asInt()).isEqualTo(3);

        String pod = status.get("pods").get(0).get("name").asString();
        JsonNode logs = scenario.call(get(environmentPath(service, env) + "/logs?pod=" + pod), "alice", null, 200);
        assertThat(logs.get("log").asString()).contains("demo: listening on :8080").contains("GET /ready 200");

        String clusterIp = new CoreV1Api(kube.client()).readNamespacedService(service, namespace(env)).execute()
                .getSpec().getClusterIP();
        assertThat(httpGet("http://" + clusterIp + "/ready")).isEqualTo("ready");
        assertThat(httpGet("http://" + clusterIp + "/env/API_KEY")).isEqualTo(sha256(apiKey));
        assertThat(httpGet("http://" + clusterIp + "/env/GREETING")).isEqualTo(sha256("hello"));

        String page = page(environmentPath(service, env));
        assertThat(page).contains(pod).contains("HEALTHY");
        for (String answer : List.of(status.toString(), logs.toString(), page,
                scenario.call(get(environmentPath(service, env) + "/logs?pod=" + pod), "alice", null, 200).toString())) {
            assertThat(answer).doesNotContain(apiKey);
        }
    }

    @Test
    void aCrashingRevisionIsDegradedNamingTheCrashLoopAndRollingBackMakesItHealthy(KubeCluster kube) throws Exception {
        var scenario = scenario(kube);
        String env = environment(scenario);
        String service = scenario.service("crash", demoSpec(Map.of("GREETING", "hello")));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        awaitHealth(scenario, service, env, "HEALTHY");
        int good = scenario.latestRevision(service);

        int crashing = scenario.saveRevision(service, good, demoSpec(Map.of("GREETING", "hello", "DEMO_MODE", "crash")));
        scenario.awaitState(scenario.deploy(service, env, crashing), "SYNCED");
        // DEGRADED at the first failed start already; within 2 minutes the summary names the crash loop.
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            last[0] = scenario.status(service, env);
            assertThat(last[0].get("health").asString()).as("%s", last[0]).isEqualTo("DEGRADED");
            assertThat(last[0].get("summary").asString()).as("%s", last[0]).contains("crash-looping");
        });
        JsonNode degraded = last[0];
        JsonNode crashingPod = null;
        for (JsonNode pod : degraded.get("pods")) {
            if (!text(pod, "lastTerminationReason").isEmpty()) {
                crashingPod = pod;
            }
        }
        assertThat(crashingPod).as("a crash-looping pod in %s", degraded).isNotNull();
        String podName = crashingPod.get("name").asString();
        assertThat(degraded.get("summary").asString()).contains(podName);

        Awaitility.await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode previous = scenario.call(get(environmentPath(service, env) + "/logs?pod=" + podName
                    + "&previous=true"), "alice", null, 200);
            assertThat(previous.get("log").asString()).contains("DEMO_MODE=crash");
        });
        JsonNode restarted = scenario.status(service, env);
        JsonNode pod = podNamed(restarted, podName);
        assertThat(pod.get("restarts").asInt()).isPositive();
        assertThat(text(pod, "lastTerminationReason")).contains("Error");
        assertThat(restarted.get("previousLogs").toString()).contains(podName).contains("DEMO_MODE=crash");
        assertThat(page(environmentPath(service, env))).contains("DEMO_MODE=crash, so exiting with status 1");

        scenario.awaitState(scenario.deploy(service, env, good), "SYNCED");
        JsonNode healthy = awaitHealth(scenario, service, env, "HEALTHY");
        assertThat(healthy.get("revision").asInt()).isEqualTo(good);
    }

    @Test
    void aServiceThatNeverGetsReadyIsNeverHealthyAndSaysItsReadinessProbeFails(KubeCluster kube) throws Exception {
        var scenario = scenario(kube);
        String env = environment(scenario);
        String service = scenario.service("unready", demoSpec(Map.of("DEMO_MODE", "unready")));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");

        Awaitility.await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(scenario.status(service, env).get("summary").asString()).containsIgnoringCase("readiness"));
        for (int i = 0; i < 15; i++) {
            JsonNode status = scenario.status(service, env);
            assertThat(status.get("health").asString()).as("%s", status).isNotEqualTo("HEALTHY");
            assertThat(status.get("summary").asString()).containsIgnoringCase("readiness");
            Thread.sleep(2_000);
        }
    }

    @Test
    void aConfigChangeRollsThePodsAndTheNewPodsSeeTheNewValueAndFile(KubeCluster kube) throws Exception {
        var scenario = scenario(kube);
        String env = environment(scenario);
        String service = scenario.service("config", withConfigFile(demoSpec(Map.of("GREETING", "one")), "greeting: one\n"));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        Set<String> before = podNames(awaitHealth(scenario, service, env, "HEALTHY"));

        String clusterIpBefore = new CoreV1Api(kube.client()).readNamespacedService(service, namespace(env)).execute()
                .getSpec().getClusterIP();
        assertThat(httpGet("http://" + clusterIpBefore + "/file/etc/demo/app.yaml")).isEqualTo(sha256("greeting: one\n"));

        int changed = scenario.saveRevision(service, scenario.latestRevision(service),
                withConfigFile(demoSpec(Map.of("GREETING", "two")), "greeting: two\n"));
        scenario.awaitState(scenario.deploy(service, env, changed), "SYNCED");
        String clusterIp = new CoreV1Api(kube.client()).readNamespacedService(service, namespace(env)).execute()
                .getSpec().getClusterIP();
        Awaitility.await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = scenario.status(service, env);
            assertThat(status.get("health").asString()).isEqualTo("HEALTHY");
            assertThat(podNames(status)).hasSize(1).doesNotContainAnyElementsOf(before);
            assertThat(httpGet("http://" + clusterIp + "/env/GREETING")).isEqualTo(sha256("two"));
            assertThat(httpGet("http://" + clusterIp + "/file/etc/demo/app.yaml")).isEqualTo(sha256("greeting: two\n"));
        });
    }

    @Test
    void aBusyServiceIsScaledOutByItsAutoscalerOnRealCpuUse(KubeCluster kube) throws Exception {
        var scenario = scenario(kube);
        String env = environment(scenario);
        Map<String, Object> spec = demoSpec(Map.of("DEMO_MODE", "burn"));
        // Each pod burns at most its limit, 0.2 of a core: twice its request.
        spec.put("resources", Map.of("cpuRequest", "100m", "cpuLimit", "200m", "memoryRequest", "32Mi",
                "memoryLimit", "64Mi"));
        spec.put("autoscaling", Map.of("minReplicas", 1, "maxReplicas", 3, "cpuUtilization", 50));
        String service = scenario.service("burn", spec);
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");

        JsonNode[] scaled = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode hpa = scenario.status(service, env).get("hpa");
            assertThat(hpa).isNotNull();
            assertThat(hpa.get("desiredReplicas").asInt()).as("%s", hpa).isGreaterThan(1);
            assertThat(hpa.get("currentCpuUtilization").asInt()).as("%s", hpa).isGreaterThan(50);
            scaled[0] = hpa;
        });
        assertThat(scaled[0].get("targetCpuUtilization").asInt()).isEqualTo(50);
        String page = page(environmentPath(service, env));
        assertThat(page).contains("Autoscaling").contains(scaled[0].get("targetCpuUtilization").asString() + "%");
    }

    // ---------------------------------------------------------------------------------------------

    private DeployerScenario scenario(KubeCluster kube) throws Exception {
        this.kube = kube;
        return new DeployerScenario(mvc).withCluster(kube);
    }

    private String environment(DeployerScenario scenario) throws Exception {
        String env = scenario.environment("run", false, "DETECT");
        namespaces.add(namespace(env));
        return env;
    }

    private static String namespace(String environment) {
        return "payments-" + environment;
    }

    private static Map<String, Object> demoSpec(Map<String, String> config) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("image", KubeCluster.DEMO_IMAGE);
        spec.put("replicas", 1);
        spec.put("ports", List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80)));
        spec.put("resources", Map.of("cpuRequest", "20m", "cpuLimit", "200m", "memoryRequest", "16Mi",
                "memoryLimit", "64Mi"));
        spec.put("config", config);
        spec.put("probes", Map.of("readinessPath", "/ready", "livenessPath", "/live", "port", "http"));
        return spec;
    }

    /** A config file mounted read-only at /etc/demo/app.yaml (the demo answers its SHA-256 at /file/...). */
    private static Map<String, Object> withConfigFile(Map<String, Object> spec, String content) {
        spec.put("configFiles", List.of(Map.of("path", "/etc/demo/app.yaml", "content", content)));
        return spec;
    }

    private static JsonNode awaitHealth(DeployerScenario scenario, String service, String env, String health) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(ROLLOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            last[0] = scenario.status(service, env);
            assertThat(last[0].get("health").asString()).as("%s", last[0]).isEqualTo(health);
        });
        return last[0];
    }

    private static String environmentPath(String service, String env) {
        return "/api/v1/services/" + service + "/environments/" + env;
    }

    private String page(String apiPath) throws Exception {
        return mvc.perform(get(apiPath.replace("/api/v1", "")).with(user("alice"))).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static Set<String> podNames(JsonNode status) {
        Set<String> names = new java.util.TreeSet<>();
        status.get("pods").forEach(pod -> names.add(pod.get("name").asString()));
        return names;
    }

    private static JsonNode podNamed(JsonNode status, String name) {
        for (JsonNode pod : status.get("pods")) {
            if (pod.get("name").asString().equals(name)) {
                return pod;
            }
        }
        throw new AssertionError("no pod " + name + " in " + status);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    /**
     * GET through the Service's ClusterIP. kube-proxy writes a new pod's endpoint into iptables a moment after the
     * pod is Ready (and Slipway, reading watches, reports it HEALTHY at once), so a connection that cannot be made
     * is tried again for up to ten seconds; an answer other than 200 fails at once.
     */
    private static String httpGet(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> response;
        while (true) {
            try {
                response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                break;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
        assertThat(response.statusCode()).as("GET %s -> %s", url, response.body()).isEqualTo(200);
        return response.body().strip();
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
