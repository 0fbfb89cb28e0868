package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.options.PatchOptions;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A person watches the status page while someone edits the Deployment by hand: without reloading, the page shows
 * the new replica count and the drift, opens the Deployment to show the drifted field beside the approved one,
 * and puts back what was approved.
 */
@SlipwayTest
@KubeTest
class LiveStatusJourneyTest {

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired LiveStatusStream stream;

    @Test
    void aHandEditShowsOnTheOpenStatusPageWithoutReloadingAndCanBePutBack(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("live", false, "DETECT");
        String service = scenario.service("live", LiveStatusPagesTest.spec());
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        String ns = "payments-" + env;

        try (Browser browser = Browser.open(port)) {
            browser.signIn("alice").go("/services/" + service + "/environments/" + env);
            browser.waitFor(d -> !d.findElements(By.cssSelector("[data-testid=node-Deployment]")).isEmpty());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.listening(LiveStatusStream.Scope.pair(service, env)) > 0);
            assertThat(browser.text(By.cssSelector("[data-testid=drift]"))).isEqualTo("in sync");
            String before = browser.text(By.cssSelector("[data-testid=summary]"));
            var script = (JavascriptExecutor) browser.driver();
            script.executeScript("window.slipwayNotReloaded = true;");
            browser.screenshot("live-status-before");

            long editedAt = System.nanoTime();
            scaleByHand(kube, ns, service, 3);

            browser.waitFor(Duration.ofSeconds(10), d -> browser.text(By.cssSelector("[data-testid=replicas]")).startsWith("0 of 3"));
            System.err.println("Live status: the new replica count showed after " + (System.nanoTime() - editedAt) / 1_000_000 + " ms");
            try {
                browser.waitFor(Duration.ofSeconds(10), d -> browser.text(By.cssSelector("[data-testid=drift]")).equals("DRIFTED")
                        && browser.text(By.cssSelector("[data-testid=replicas]")).startsWith("0 of 3"));
            } catch (org.openqa.selenium.TimeoutException e) {
                browser.screenshot("live-status-not-updated");
                throw new AssertionError("the page did not show the hand edit; it shows drift '"
                        + browser.text(By.cssSelector("[data-testid=drift]")) + "' and replicas '"
                        + browser.text(By.cssSelector("[data-testid=replicas]")) + "'", e);
            }
            long seenAfterMillis = (System.nanoTime() - editedAt) / 1_000_000;
            System.err.println("Live status: the hand edit showed on the page after " + seenAfterMillis + " ms");
            assertThat(script.executeScript("return window.slipwayNotReloaded === true;")).as("not reloaded").isEqualTo(true);
            assertThat(browser.text(By.cssSelector("[data-testid=summary]"))).isNotEqualTo(before);
            assertThat(browser.text(By.cssSelector("[data-testid=node-Deployment]"))).contains("drifted");

            browser.click(By.cssSelector("details[data-object='Deployment/" + service + "'] > summary"));
            browser.waitFor(d -> !d.findElements(By.cssSelector("[data-testid=object-drifted] ~ .diff-fields [data-path='spec.replicas']"))
                    .isEmpty());
            assertThat(browser.text(By.cssSelector("[data-testid=approved-manifest]"))).contains("replicas: 2");
            browser.screenshot("live-status-drifted");
            browser.screenshotAtPhoneWidth("live-status-drifted");

            browser.submit(By.cssSelector("[data-testid=reapply]"));
            browser.waitFor(d -> browser.page().contains("applied again as approved"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    new AppsV1Api(kube.client()).readNamespacedDeployment(service, ns).execute().getSpec().getReplicas())
                    .isEqualTo(2));
            browser.waitFor(Duration.ofSeconds(10), d -> browser.text(By.cssSelector("[data-testid=drift]")).equals("in sync"));
            browser.screenshot("live-status-reapplied");
        }
    }

    @Test
    void aHandEditShowsOnTheOpenServicePageInItsEnvironmentsRowWithoutReloading(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("row", false, "DETECT");
        String service = scenario.service("row", LiveStatusPagesTest.spec());
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        By drift = By.cssSelector("[data-testid='environment-" + env + "'] [data-testid=drift]");

        try (Browser browser = Browser.open(port)) {
            browser.signIn("alice").go("/services/" + service);
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> stream.listening(LiveStatusStream.Scope.service(service)) > 0);
            assertThat(browser.text(drift)).isEqualTo("in sync");
            var script = (JavascriptExecutor) browser.driver();
            script.executeScript("window.slipwayNotReloaded = true;");

            long editedAt = System.nanoTime();
            scaleByHand(kube, "payments-" + env, service, 3);

            try {
                browser.waitFor(Duration.ofSeconds(10), d -> browser.text(drift).equals("DRIFTED"));
            } catch (org.openqa.selenium.TimeoutException e) {
                browser.screenshot("service-page-not-updated");
                throw new AssertionError("the service page did not show the hand edit; its row says '"
                        + browser.text(drift) + "'", e);
            }
            System.err.println("Service page: the hand edit showed in the environment's row after "
                    + (System.nanoTime() - editedAt) / 1_000_000 + " ms");
            assertThat(script.executeScript("return window.slipwayNotReloaded === true;")).as("not reloaded").isEqualTo(true);
            assertThat(browser.text(By.cssSelector("[data-testid='environment-" + env + "'] [data-testid=health]")))
                    .isNotBlank();
            browser.screenshot("service-page-drifted");
            browser.screenshotAtPhoneWidth("service-page-drifted");

            browser.go("/environments/" + env);
            By row = By.cssSelector("[data-testid=deployed-services] tr[data-service='" + service + "']");
            assertThat(browser.text(row)).contains("drift");
            assertThat(browser.driver().findElement(row).findElement(By.cssSelector("[data-testid=health]")).getText())
                    .isNotBlank().isNotEqualTo("-");
            browser.screenshotAtPhoneWidth("environment-page-drifted");
        }
    }

    private static void scaleByHand(KubeCluster kube, String ns, String service, int replicas) {
        PatchOptions options = new PatchOptions();
        options.setFieldManager("kubectl-edit");
        var response = new DynamicKubernetesApi("apps", "v1", "deployments", kube.client()).patch(ns, service,
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, new V1Patch("{\"spec\":{\"replicas\":" + replicas + "}}"), options);
        assertThat(response.isSuccess()).as("hand edit %s", response.getStatus()).isTrue();
    }
}
