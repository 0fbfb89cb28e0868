package dev.slipway.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.Kubeconfigs;
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
        JsonNode cluster = register("carol", name, Kubeconfigs.UNREACHABLE, 201);

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

    @Test
    void anUnreachableClusterIsSavedWithAWarningNamingTheReasonNotASuccessBanner() throws Exception {
        String name = "warn-" + suffix();

        MvcResult saved = mvc.perform(post("/clusters").with(user("carol").roles("USER", "PLATFORM_ADMIN")).with(csrf())
                .param("name", name).param("kubeconfig", Kubeconfigs.UNREACHABLE)).andReturn();

        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/clusters/" + name);
        assertThat(saved.getFlashMap().containsKey("flash")).isFalse();
        assertThat((String) saved.getFlashMap().get("connectionWarning"))
                .contains("saved", "cannot be reached", "Connection refused");
        String page = mvc.perform(get("/clusters/" + name).with(user("carol").roles("USER", "PLATFORM_ADMIN"))
                        .flashAttrs(saved.getFlashMap()))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("alert alert-warning").doesNotContain("alert alert-success");
    }

    @Test
    void checkingAgainRecordsTheAnswerAndAuditsWhoAsked() throws Exception {
        String name = "again-" + suffix();
        register("carol", name, Kubeconfigs.UNREACHABLE, 201);

        JsonNode checked = call(post("/api/v1/clusters/" + name + "/check"), "alice", Map.of(), 200);

        assertThat(checked.get("reachable").asBoolean()).isFalse();
        assertThat(checked.get("lastError").asString()).contains("Connection refused");
        assertThat(jdbc.queryForObject("select count(*) from audit_events where action = 'cluster.checked' and target = ?"
                + " and actor = 'alice'", Integer.class, name)).isEqualTo(1);
        MvcResult page = mvc.perform(post("/clusters/" + name + "/check").with(user("alice")).with(csrf())).andReturn();
        assertThat(page.getResponse().getRedirectedUrl()).isEqualTo("/clusters/" + name);
        assertThat((String) page.getFlashMap().get("connectionWarning")).contains("cannot be reached");
        assertThat(page("/clusters/" + name)).contains("Check connection again");
    }

    @Test
    void aPlatformAdminReplacesTheKubeconfigWithoutEverSeeingTheStoredOne(KubeCluster kube) throws Exception {
        String name = "moved-" + suffix();
        register("carol", name, Kubeconfigs.UNREACHABLE, 201);
        call(put("/api/v1/clusters/" + name), "bob", Map.of("kubeconfig", kube.kubeconfig()), 403);
        JsonNode bad = call(put("/api/v1/clusters/" + name), "carol", Map.of("kubeconfig", "not: [yaml"), 422);
        assertThat(bad.get("errors").toString()).contains("\"field\":\"kubeconfig\"");

        JsonNode replaced = call(put("/api/v1/clusters/" + name), "carol", Map.of("kubeconfig", kube.kubeconfig()), 200);

        assertThat(replaced.get("reachable").asBoolean()).isTrue();
        assertThat(replaced.has("kubeconfig")).isFalse();
        assertThat(replaced.get("server").asString()).isNotEqualTo("https://127.0.0.1:1");
        assertThat(jdbc.queryForObject("select count(*) from audit_events where action = 'cluster.changed' and target = ?"
                + " and details->>'previousServer' = 'https://127.0.0.1:1' and details::text not like '%client-key%'"
                + " and details::text not like '%not-a-real-token%'", Integer.class, name)).isEqualTo(1);
        String form = mvc.perform(get("/clusters/" + name + "/kubeconfig").with(user("carol").roles("USER", "PLATFORM_ADMIN")))
                .andReturn().getResponse().getContentAsString();
        assertThat(form).contains("Replace the kubeconfig").doesNotContain("client-key-data").doesNotContain("current-context");
        MvcResult refused = mvc.perform(post("/clusters/" + name + "/kubeconfig")
                .with(user("carol").roles("USER", "PLATFORM_ADMIN")).with(csrf()).param("kubeconfig", "")).andReturn();
        assertThat(refused.getResponse().getContentAsString()).contains("is required: the kubeconfig YAML text");
    }

    @Test
    void aClusterInUseIsNotDeletedAndAnUnusedOneIsAfterConfirmation() throws Exception {
        String used = "used-" + suffix();
        String env = "on-" + suffix();
        register("carol", used, Kubeconfigs.UNREACHABLE, 201);
        call(post("/api/v1/environments"), "carol", Map.of("name", env, "cluster", used), 201);

        JsonNode refused = call(delete("/api/v1/clusters/" + used), "carol", null, 409);
        assertThat(refused.get("detail").asString()).contains("environments use it", env);
        String confirm = mvc.perform(get("/clusters/" + used + "/delete").with(user("carol").roles("USER", "PLATFORM_ADMIN")))
                .andReturn().getResponse().getContentAsString();
        assertThat(confirm).contains("cannot be deleted while environments use it").contains(env)
                .doesNotContain(">Delete cluster</button>");

        String unused = "unused-" + suffix();
        register("carol", unused, Kubeconfigs.UNREACHABLE, 201);
        call(delete("/api/v1/clusters/" + unused), "alice", null, 403);
        confirm = mvc.perform(get("/clusters/" + unused + "/delete").with(user("carol").roles("USER", "PLATFORM_ADMIN")))
                .andReturn().getResponse().getContentAsString();
        assertThat(confirm).contains(">Delete cluster</button>");
        assertThat(clusters.cluster(unused)).isPresent();

        MvcResult deleted = mvc.perform(post("/clusters/" + unused + "/delete")
                .with(user("carol").roles("USER", "PLATFORM_ADMIN")).with(csrf())).andReturn();

        assertThat(deleted.getResponse().getRedirectedUrl()).isEqualTo("/clusters");
        assertThat(clusters.cluster(unused)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from audit_events where action = 'cluster.deleted' and target = ?"
                + " and actor = 'carol'", Integer.class, unused)).isEqualTo(1);
        call(delete("/api/v1/clusters/" + unused), "carol", null, 404);
    }


    private JsonNode register(String user, String name, String kubeconfig, int status) throws Exception {
        return call(post("/api/v1/clusters"), user, Map.of("name", name, "kubeconfig", kubeconfig), status);
    }

    private JsonNode call(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String user,
            Object body, int status) throws Exception {
        request.with(httpBasic(user, user));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body));
        }
        MvcResult result = mvc.perform(request).andReturn();
        String text = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(text).isEqualTo(status);
        return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
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
