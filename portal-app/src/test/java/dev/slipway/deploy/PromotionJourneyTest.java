package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.NodeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The release flow in the browser, on the real node (docs/release-flow.md): an engineer promotes the revision
 * HEALTHY in dev to prod from the service page and reads why it waits; the lead approves it; the status page
 * shows it HEALTHY in prod.
 */
@SlipwayTest
@NodeTest
class PromotionJourneyTest {

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;

    @Test
    void anEngineerPromotesSeesWhyItWaitsTheLeadApprovesAndItGoesHealthy(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String dev = environment(scenario, "jdev", false, Map.of());
        String prod = environment(scenario, "jprod", true, Map.of("promotionFrom", dev));
        String service = scenario.service("journey", PromotionNodeTest.demoSpec(Map.of("GREETING", "hello")));
        try {
            scenario.awaitState(scenario.deploy(service, dev, null), "SYNCED");
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    jdbc.query("select health from deployed_state where service_id = (select id from"
                            + " services where name = ?) and environment_id = (select id from environments where name = ?)",
                            (rs, i) -> rs.getString(1), service, dev).contains("HEALTHY")); // null until judged

            String requestPath;
            try (Browser alice = Browser.open(port)) {
                alice.signIn("alice").go("/services/" + service);
                alice.select("promote-from", dev).select("promote-to", prod);
                alice.screenshot("promotion-service-page");
                alice.submit(By.cssSelector("[data-testid=promote-button]"));
                alice.waitFor(d -> alice.path().startsWith("/deployments/"));
                requestPath = alice.path();
                assertThat(alice.text(By.cssSelector("[data-testid=deployment-state]"))).isEqualTo("PENDING_APPROVAL");
                assertThat(alice.text(By.cssSelector("[data-testid=blockers]")))
                        .contains("Waiting for approval by a lead of team 'payments' (").contains("bob"); // other tests may add leads
                assertThat(alice.text(By.cssSelector("[data-testid=reason]"))).contains("Promotion of revision 1 from " + dev);
                alice.screenshot("promotion-blockers");
            }
            try (Browser bob = Browser.open(port)) {
                bob.signIn("bob").go(requestPath);
                try {
                    bob.waitFor(Duration.ofSeconds(60), d -> !d.findElements(By.cssSelector("[data-testid=approve]")).isEmpty());
                } catch (org.openqa.selenium.TimeoutException e) {
                    bob.screenshot("promotion-no-decision");
                    throw new AssertionError("no approve button for bob at " + bob.path() + ": " + bob.page(), e);
                }
                bob.fill("decision-comment", "Healthy in dev").submit(By.cssSelector("[data-testid=approve]"));
                bob.waitFor(Duration.ofSeconds(60), d -> bob.text(By.cssSelector("[data-testid=deployment-state]"))
                        .equals("SYNCED"));
                assertThat(bob.driver().findElements(By.cssSelector("[data-testid=blockers]"))).isEmpty();
                bob.go("/services/" + service + "/environments/" + prod);
                bob.waitFor(Duration.ofSeconds(120), d -> "HEALTHY".equals(d.findElement(By.cssSelector(
                        "[data-testid=health]")).getAttribute("data-health")));
                bob.screenshot("promotion-healthy");
            }
        } finally {
            for (String env : List.of(dev, prod)) {
                try {
                    new CoreV1Api(kube.client()).deleteNamespace("payments-" + env).execute();
                } catch (ApiException e) {
                    // already gone
                }
            }
        }
    }

    private static String environment(DeployerScenario scenario, String prefix, boolean requiresApproval,
            Map<String, Object> policy) throws Exception {
        String name = scenario.environment(prefix, requiresApproval, "DETECT", policy);
        return name;
    }
}
