package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.Kubeconfigs;
import dev.slipway.testsupport.SlipwayTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;

/**
 * The review a lead does before anything is requested or approved: the plan's summary, its red/green
 * diff with label-only updates folded away, the environment's guardrails and what breaks them, and the
 * comparison of two revisions picked from the history.
 */
@SlipwayTest
@KubeTest
class PlanReviewPagesTest {

    private static final String IMAGE = "registry.example.com/payments/team-platform/checkout-service-with-a-long-name";


    @LocalServerPort int port;
    @Autowired MockMvc mvc;

    @Test
    void thePlanSumsUpFoldsLabelOnlyUpdatesAndShowsTheBrokenGuardrailBeforeTheRequest(KubeCluster kube)
            throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("guarded", false, "DETECT");
        scenario.call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                "/api/v1/environments/" + env), "carol", Map.of("name", env, "cluster", scenario.cluster,
                "namespaceTemplate", "{team}-{environment}", "order", 0, "requiresApproval", false,
                "driftMode", "DETECT", "policy", Map.of("maxReplicas", 2, "requireLimits", false)), 200);
        Map<String, Object> spec = new HashMap<>(Map.of("image", IMAGE + ":1.0.0", "replicas", 1,
                "ports", List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80)),
                "config", Map.of("LOG_LEVEL", "info", "GREETING", "hello\nfrom\nrevision one")));
        String service = scenario.service("review", spec);
        scenario.awaitState(scenario.deploy(service, env, 1), "SYNCED");
        spec.put("image", IMAGE + ":2.0.0");
        spec.put("replicas", 3);
        spec.put("config", Map.of("LOG_LEVEL", "info", "GREETING", "hello\nfrom\nrevision two"));
        scenario.saveRevision(service, 1, spec);

        JsonNode plan = scenario.plan(service, env);
        Map<String, JsonNode> objects = new HashMap<>();
        plan.get("objects").forEach(o -> objects.put(o.get("kind").asString(), o));
        assertThat(objects.get("Service").get("action").asString()).isEqualTo("UPDATE");
        assertThat(objects.get("Service").get("metadataOnly").asBoolean()).as("only the revision label moves").isTrue();
        assertThat(objects.get("Deployment").get("metadataOnly").asBoolean()).isFalse();
        assertThat(objects.get("Deployment").get("diff").asString()).contains("spec.replicas: 1 -> 3");
        assertThat(plan.get("summary").get("change").asInt()).isEqualTo(2);
        assertThat(plan.get("summary").get("metadataOnly").asInt()).isEqualTo(1);
        assertThat(plan.get("guardrails").get("violations")).singleElement().satisfies(v -> {
            assertThat(v.get("field").asString()).isEqualTo("spec.replicas");
            assertThat(v.get("message").asString()).contains("guardrail maxReplicas");
        });

        try (Browser browser = Browser.open(port)) {
            browser.signIn("alice").go("/services/" + service + "/plan?environment=" + env);
            browser.waitFor(d -> !d.findElements(By.cssSelector("[data-testid=plan]")).isEmpty());

            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=plan-revision] option"))).hasSize(2);
            assertThat(browser.driver().findElement(By.cssSelector("[data-testid=plan-revision] option:checked"))
                    .getText()).startsWith("2 · ").contains(" UTC · alice");
            assertThat(browser.text(By.cssSelector("[data-testid=plan-summary]"))).isEqualTo("CREATE 0 to create, "
                    + "UPDATE 2 to change, PRUNE 0 to prune; 1 unchanged, 1 with label or annotation changes only (folded)");
            WebElement folded = browser.driver().findElement(By.cssSelector("[data-testid='plan-Service-" + service + "']"));
            assertThat(folded.getAttribute("open")).as("a label-only update is folded").isNull();
            assertThat(folded.getText()).contains("labels or annotations only");
            WebElement deployment = browser.driver().findElement(
                    By.cssSelector("[data-testid='plan-Deployment-" + service + "']"));
            assertThat(deployment.getAttribute("open")).isNotNull();
            assertThat(deployment.findElement(By.cssSelector("[data-testid=metadata-changes]")).getAttribute("open"))
                    .as("the revision label moving is folded inside a real change too").isNull();
            assertThat(deployment.findElement(By.cssSelector("[data-path='spec.replicas'] .diff-line-removed")).getText())
                    .contains("spec.replicas: 1");
            assertThat(deployment.findElement(By.cssSelector("[data-path='spec.replicas'] .diff-line-added")).getText())
                    .contains("spec.replicas: 3");
            WebElement configMap = browser.driver().findElement(
                    By.cssSelector("[data-testid='plan-ConfigMap-" + service + "-config']"));
            assertThat(configMap.findElements(By.cssSelector(".diff-line-removed")))
                    .extracting(WebElement::getText).as("a multi-line value reads as lines, only the changed one marked")
                    .anySatisfy(t -> assertThat(t).contains("revision one").doesNotContain("hello"));

            assertThat(browser.text(By.cssSelector("[data-testid=guardrails]"))).contains("At most 2 replicas");
            assertThat(browser.text(By.cssSelector("[data-testid=guardrail-violations]")))
                    .contains("spec.replicas", "guardrail maxReplicas");
            assertThat(browser.driver().findElement(By.cssSelector("[data-testid=request-deployment]")).isEnabled())
                    .isFalse();
            assertThat(browser.text(By.cssSelector("[data-testid=request-blocked]")))
                    .contains("Requesting is disabled", "guardrails of " + env);
            browser.screenshot("plan-review");
            browser.screenshotAtPhoneWidth("plan-review");
            assertThat(overflowsAtPhoneWidth(browser, "[data-testid=plan]")).as("no horizontal scroll").isFalse();

            browser.go("/deployments?service=" + service);
            assertThat(browser.driver().findElement(By.cssSelector("[data-testid=deployments] .state-badge"))
                    .getAttribute("class")).contains("state-SYNCED");

            browser.go("/services/" + service + "/diff");
            List<String> offered = browser.driver().findElements(By.cssSelector("#from option")).stream()
                    .map(WebElement::getText).toList();
            assertThat(offered).hasSize(2).allSatisfy(label -> assertThat(label).contains("alice", "UTC"));
            assertThat(offered.get(1)).startsWith("1 · ");
            browser.select("from", "1").select("to", "2").submit(By.cssSelector("[data-testid=revision-picker] button"));
            browser.waitFor(d -> browser.path().contains("/diff?from=1&to=2"));
            assertThat(browser.text(By.cssSelector("[data-testid=changes] [data-path='spec.replicas'] .diff-line-removed")))
                    .contains("spec.replicas: 1");
            assertThat(browser.text(By.cssSelector("[data-testid=changes] [data-path='spec.replicas'] .diff-line-added")))
                    .contains("spec.replicas: 3");
            browser.screenshot("revision-diff");
            browser.screenshotAtPhoneWidth("revision-diff");
        }
    }

    @Test
    void theComparisonNamesAFieldThatIsNotARevisionInsteadOfFailing(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc);
        String service = scenario.service("cmp", Map.of("image", IMAGE + ":1.0.0"));

        MvcResult result = mvc.perform(get("/services/" + service + "/diff").param("from", "9").param("to", "x")
                .with(user("dave"))).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentAsString())
                .contains("From revision must be a revision of this service, 1 to 1, not &#39;9&#39;")
                .contains("To revision must be a revision of this service, 1 to 1, not &#39;x&#39;")
                .contains("data-testid=\"revision-picker\"");
    }

    @Test
    void theGuardrailsAndTheirViolationShowEvenWhenTheClusterCannotBeAsked() throws Exception {
        var scenario = new DeployerScenario(mvc);
        String cluster = "gone-" + scenario.suffix;
        scenario.call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/clusters"),
                "carol", Map.of("name", cluster, "kubeconfig", Kubeconfigs.UNREACHABLE), 201);
        String env = "offline-" + scenario.suffix;
        scenario.call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/environments"),
                "carol", Map.of("name", env, "cluster", cluster, "namespaceTemplate", "{team}-{environment}", "order", 0,
                        "requiresApproval", true, "driftMode", "DETECT", "policy", Map.of("forbidLatestTag", true)), 201);
        String service = scenario.service("latest", Map.of("image", IMAGE));

        String page = mvc.perform(get("/services/" + service + "/plan").param("environment", env).with(user("alice")))
                .andReturn().getResponse().getContentAsString();

        assertThat(page).contains("data-testid=\"plan-error\"", "data-testid=\"guardrail-violations\"",
                "Images must name a version tag or a digest, not latest (forbidLatestTag)", "(guardrail forbidLatestTag)");
    }

    @Test
    void theReviewPageShowsTheSameDiffAndBadges(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("review", true, "DETECT");
        String service = scenario.service("lead", Map.of("image", IMAGE + ":1.0.0", "replicas", 2));
        long id = scenario.deploy(service, env, null);

        try (Browser browser = Browser.open(port)) {
            browser.signIn("bob").go("/deployments/" + id);
            browser.waitFor(d -> !d.findElements(By.cssSelector("[data-testid=review]")).isEmpty());
            assertThat(browser.driver().findElement(By.cssSelector("[data-testid=deployment-state] .state-badge"))
                    .getAttribute("class")).contains("state-PENDING_APPROVAL");
            assertThat(browser.text(By.cssSelector("[data-testid=spec-diff] [data-path='spec.replicas']")))
                    .contains("spec.replicas: 2");
            assertThat(browser.text(By.cssSelector("[data-testid=plan-summary]"))).contains("to create");
            browser.screenshot("plan-review-lead");
            browser.screenshotAtPhoneWidth("plan-review-lead");
        }
    }

    private static boolean overflowsAtPhoneWidth(Browser browser, String selector) {
        var window = browser.driver().manage().window();
        var desktop = window.getSize();
        try {
            window.setSize(new org.openqa.selenium.Dimension(390, 844));
            return (Boolean) ((JavascriptExecutor) browser.driver()).executeScript(
                    "const e = document.querySelector(arguments[0]); return e.scrollWidth > e.clientWidth + 1;", selector);
        } finally {
            window.setSize(desktop);
        }
    }
}
