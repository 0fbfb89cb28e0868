package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The environment form's automatic rollback fields, and the status page's Restart button (docs/auto-rollback.md). */
@SlipwayTest
@KubeTest
class ReleaseFlowPagesTest {

    @Autowired MockMvc mvc;

    @Test
    void anAdminTurnsOnAutomaticRollbackInTheFormAndTheEnvironmentPageSaysSo(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = "arp-" + scenario.suffix;
        MvcResult refused = mvc.perform(environmentForm(env, scenario.cluster, "5")).andReturn();
        assertThat(refused.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("must be a whole number of seconds from 10 to 3600");

        MvcResult saved = mvc.perform(environmentForm(env, scenario.cluster, "45")).andReturn();
        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/environments/" + env);
        String page = page("/environments/" + env, "alice");
        assertThat(page).contains("on: a synced revision not HEALTHY within 45 s is rolled back");
        String form = page("/environments/" + env, "carol");
        assertThat(form).containsPattern("name=\"progressDeadlineSeconds\"[^>]*value=\"45\"|value=\"45\"[^>]*name=\"progressDeadlineSeconds\"");
        assertThat(scenario.call(get("/api/v1/environments/" + env), "alice", null, 200).get("policy").get("autoRollback")
                .asBoolean()).isTrue();
    }

    @Test
    void teamMembersSeeRestartOnTheStatusPageAndUseIt(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("rsp", false, "DETECT");
        String service = scenario.service("rsp", Map.of("image", "registry.example.com/payments/api:1.0.0", "replicas", 1));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        String path = "/services/" + service + "/environments/" + env;

        assertThat(page(path, "alice")).contains("data-testid=\"restart\"");
        assertThat(page(path, "dave")).doesNotContain("data-testid=\"restart\"");
        MvcResult restarted = mvc.perform(post(path + "/restart").with(user("alice")).with(csrf())).andReturn();
        assertThat(restarted.getResponse().getRedirectedUrl()).isEqualTo(path);
        assertThat(String.valueOf(restarted.getFlashMap().get("flash"))).contains("Restarting " + service);
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder environmentForm(
            String name, String cluster, String deadline) {
        return post("/environments").with(user("carol").roles("USER", "PLATFORM_ADMIN")).with(csrf())
                .param("name", name).param("cluster", cluster).param("namespaceTemplate", "{team}-{environment}")
                .param("order", "0").param("driftMode", "DETECT").param("autoRollback", "true")
                .param("progressDeadlineSeconds", deadline);
    }

    private String page(String path, String username) throws Exception {
        return mvc.perform(get(path).with(user(username))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
