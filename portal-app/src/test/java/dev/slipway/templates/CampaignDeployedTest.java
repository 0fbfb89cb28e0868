package dev.slipway.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.deploy.DeployerScenario;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.PolicyV1Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * An accepted proposal is a normal revision: deploying it applies the template's security context and
 * disruption budget, and the campaign counts the service as deployed (docs/golden-paths.md).
 */
@SlipwayTest
@KubeTest
class CampaignDeployedTest {

    @Autowired MockMvc mvc;

    @Test
    void anAcceptedProposalDeploysWithTheTemplatesSecurityContextAndBudgetAndCountsAsDeployed(KubeCluster kube)
            throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("gp", false, "DETECT");
        String template = "tpl-" + scenario.suffix;
        scenario.call(post("/api/v1/templates"), "carol", Map.of("name", template, "spec",
                Map.of("securityContext", Map.of("runAsNonRoot", true)), "enforced", List.of("securityContext.runAsNonRoot")),
                201);
        String service = "gpd-" + scenario.suffix;
        scenario.call(post("/api/v1/services"), "alice", Map.of("name", service, "team", "payments", "template", template,
                "spec", Map.of("image", "registry.example.com/payments/api:1",
                        "ports", List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80)))), 201);
        scenario.call(post("/api/v1/templates/" + template + "/versions"), "carol", Map.of("spec", Map.of(
                "securityContext", Map.of("runAsNonRoot", true, "dropCapabilities", List.of("ALL")),
                "podDisruptionBudget", Map.of("maxUnavailable", 1)), "enforced", List.of("securityContext.runAsNonRoot")),
                201);
        long campaign = scenario.call(post("/api/v1/templates/" + template + "/campaigns"), "carol",
                Map.of("version", 2), 201).get("id").asLong();
        scenario.call(post("/api/v1/campaigns/" + campaign + "/accept"), "bob", Map.of("services", List.of(service)), 200);

        long id = scenario.deploy(service, env, null);
        scenario.awaitState(id, "SYNCED");

        String namespace = "payments-" + env;
        var container = new AppsV1Api(kube.client()).readNamespacedDeployment(service, namespace).execute().getSpec()
                .getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        var budget = new PolicyV1Api(kube.client()).readNamespacedPodDisruptionBudget(service, namespace).execute();
        assertThat(budget.getSpec().getMaxUnavailable().getIntValue()).isEqualTo(1);

        JsonNode view = scenario.call(get("/api/v1/campaigns/" + campaign), "bob", null, 200);
        assertThat(view.path("counts").path("accepted").asInt()).isEqualTo(1);
        assertThat(view.path("counts").path("deployed").asInt()).isEqualTo(1);
        assertThat(view.path("items").path(0).path("deployed").asBoolean()).isTrue();
        assertThat(view.path("state").asString()).isEqualTo("DONE");
    }
}
