package dev.slipway.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SlipwayTest
@KubeTest
class ClusterRegistrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired ClusterService clusters;

    @Test
    void registeringAReachableClusterShowsItsVersionAndKeepsTheKubeconfigEncrypted(KubeCluster kube) throws Exception {
        String name = "ok-" + suffix();

        JsonNode cluster = register("carol", name, kube.kubeconfig(), 201);

        assertThat(cluster.get("reachable").asBoolean()).isTrue();
        assertThat(cluster.get("version").asString()).startsWith("v1.");
        assertThat(cluster.has("kubeconfig")).isFalse();
        byte[] stored = jdbc.queryForObject("select kubeconfig_ciphertext from clusters where name = ?", byte[].class, name);
        String clientKey = kube.kubeconfig().lines().filter(l -> l.contains("client-key-data")).findFirst().orElseThrow()
                .split(":")[1].strip();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(clientKey.substring(0, 40));
        String list = mvc.perform(get("/api/v1/clusters").with(httpBasic("alice", "alice"))).andReturn().getResponse()
                .getContentAsString();
        assertThat(list).contains(name).doesNotContain(clientKey.substring(0, 40));
        String page = page("/clusters/" + name);
        assertThat(page).contains("reachable").contains(cluster.get("version").asString());
        assertThat(jdbc.queryForObject("select count(*) from audit_events where action = 'cluster.registered' and target = ?"
                + " and details::text not like '%client-key%'", Integer.class, name)).isEqualTo(1);
    }

    @Test
    void anUnreachableClusterIsRegisteredWithTheExactError() throws Exception {
        String name = "down-" + suffix();
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: gone
                  cluster:
                    server: https://127.0.0.1:1
                    insecure-skip-tls-verify: true
                users:
                - name: someone
                  user:
                    token: not-a-real-token
                contexts:
                - name: gone
                  context: {cluster: gone, user: someone}
                current-context: gone
                """;

        JsonNode cluster = register("carol", name, kubeconfig, 201);

        assertThat(cluster.get("reachable").asBoolean()).isFalse();
        assertThat(cluster.get("lastError").asString()).contains("Connection refused");
        assertThat(page("/clusters/" + name)).contains("unreachable").contains("Connection refused");
    }

    @Test
    void aClusterThatBecomesUnreachableShowsSoOnItsPage(KubeCluster kube) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(kube.canStopApiServer(), "needs bin/test-cluster's API server");
        String name = "flaky-" + suffix();
        register("carol", name, kube.kubeconfig(), 201);
        kube.stopApiServer();
        try {
            assertThat(page("/clusters/" + name)).contains("unreachable").contains("Connection refused");
        } finally {
            kube.startApiServer();
        }
        assertThat(page("/clusters/" + name)).contains("reachable").doesNotContain("Connection refused");
    }

    @Test
    void onlyPlatformAdminsRegisterClustersAndEnvironments(KubeCluster kube) throws Exception {
        register("bob", "nope-" + suffix(), kube.kubeconfig(), 403);
        call(post("/api/v1/environments"), "alice", Map.of("name", "nope-" + suffix(), "cluster", "x"), 403);
    }

    @Test
    void badInputIsRefusedNamingTheField() throws Exception {
        JsonNode problem = register("carol", "Bad_Name", "this is not yaml: [", 422);
        assertThat(problem.get("errors").toString()).contains("\"field\":\"name\"").contains("\"field\":\"kubeconfig\"");

        JsonNode env = call(post("/api/v1/environments"), "carol", Map.of("name", "e-" + suffix(), "cluster", "missing",
                "namespaceTemplate", "{tenant}-x", "order", -1,
                "policy", Map.of("maxCpu", "lots", "maxReplicas", 0, "allowedRegistries", java.util.List.of("Not A Host!"))), 422);
        assertThat(env.get("errors").toString()).contains("\"field\":\"cluster\"", "\"field\":\"namespaceTemplate\"",
                "\"field\":\"order\"", "\"field\":\"policy.maxCpu\"", "\"field\":\"policy.maxReplicas\"",
                "\"field\":\"policy.allowedRegistries[0]\"");
    }

    @Test
    void theEnvironmentFormKeepsInputAndShowsErrorsAtTheField(KubeCluster kube) throws Exception {
        String cluster = "form-" + suffix();
        register("carol", cluster, kube.kubeconfig(), 201);

        String html = mvc.perform(post("/environments").with(user("carol").roles("USER", "PLATFORM_ADMIN")).with(csrf())
                        .param("name", "staging-" + suffix()).param("cluster", cluster).param("namespaceTemplate", "{team}_{environment}")
                        .param("order", "1").param("driftMode", "DETECT").param("maxCpu", "plenty"))
                .andReturn().getResponse().getContentAsString();

        assertThat(html).contains("value=\"{team}_{environment}\"").contains("value=\"plenty\"")
                .contains("must give a DNS-1123 label").contains("must be a CPU quantity");
    }

    @Test
    void localModeRegistersTheCurrentKubeContextAsClusterLocalWithEnvironmentDev(KubeCluster kube, @TempDir Path home)
            throws Exception {
        Path kubeconfig = home.resolve(".kube/config");
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, kube.kubeconfig());
        assertThat(LocalClusterBootstrap.localKubeconfig(null, home)).contains(kube.kubeconfig());
        assertThat(LocalClusterBootstrap.localKubeconfig(home.resolve("missing").toString(), home)).isEmpty();

        new LocalClusterBootstrap(new org.springframework.mock.env.MockEnvironment(), clusters)
                .registerFrom(Optional.of(kube.kubeconfig()));

        assertThat(clusters.cluster("local")).get().extracting(ClusterView::reachable).isEqualTo(true);
        EnvironmentView dev = clusters.environment("dev").orElseThrow();
        assertThat(dev.cluster()).isEqualTo("local");
        assertThat(dev.requiresApproval()).isFalse();
    }

    private JsonNode register(String user, String name, String kubeconfig, int status) throws Exception {
        return call(post("/api/v1/clusters"), user, Map.of("name", name, "kubeconfig", kubeconfig), status);
    }

    private JsonNode call(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String user,
            Object body, int status) throws Exception {
        MvcResult result = mvc.perform(request.with(httpBasic(user, user)).contentType(MediaType.APPLICATION_JSON)
                .content(JSON.writeValueAsString(body))).andReturn();
        String text = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(text).isEqualTo(status);
        return JSON.readTree(text);
    }

    private String page(String path) throws Exception {
        MvcResult result = mvc.perform(get(path).with(user("alice"))).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
