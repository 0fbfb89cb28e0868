package dev.slipway.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentCommand;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.NodeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An engineer, in a real browser: signs in, registers a service, fills every section of its spec
 * including a secret and a prod override, previews the plan and asks for prod; then deploys it to dev,
 * where it really runs on the test node, and ends on a Healthy status page with its pods and their logs.
 */
@SlipwayTest
@NodeTest
class EngineerJourneyTest {

    @LocalServerPort int port;
    @Autowired ClusterService clusters;
    @Autowired IdentityService identity;

    @Test
    void engineerDescribesAServiceRequestsProdAndSeesItRunHealthyInDev(KubeCluster kube) {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String prod = "prod-" + suffix;
        String dev = "dev-" + suffix;
        var carol = identity.actor("carol");
        clusters.register(carol, "jc-" + suffix, kube.kubeconfig());
        clusters.saveEnvironment(carol, new EnvironmentCommand(prod, "jc-" + suffix, null, 2, true, null, null), true);
        clusters.saveEnvironment(carol, new EnvironmentCommand(dev, "jc-" + suffix, null, 0, false, null, null), true);
        String service = "shop-" + suffix;

        try (Browser browser = Browser.open(port)) {
            browser.signIn("alice").go("/services/new")
                    .fill("name", service).select("team", "payments").fill("description", "The <b>shop</b> front end")
                    .fill("image", KubeCluster.DEMO_IMAGE).submit("name");
            browser.waitFor(d -> browser.path().equals("/services/" + service));

            edit(browser, service, "container").fill("replicas", "2").submit("replicas");
            edit(browser, service, "ports").fill("ports[0].name", "http").fill("ports[0].containerPort", "8080")
                    .fill("ports[0].servicePort", "80").submit("ports[0].name");
            edit(browser, service, "resources").fill("cpuRequest", "250m").fill("cpuLimit", "1")
                    .fill("memoryRequest", "256Mi").fill("memoryLimit", "512MB").submit("cpuRequest");
            // A bad value keeps what was typed and says what is accepted, next to the field.
            assertThat(browser.path()).isEqualTo("/services/" + service + "/edit/resources");
            assertThat(browser.driver().findElement(By.id("memoryLimit")).getAttribute("value")).isEqualTo("512MB");
            assertThat(browser.text(By.cssSelector("[data-field=memoryLimit]"))).contains("Mi");
            browser.screenshot("engineer-validation");
            browser.fill("memoryLimit", "512Mi").submit("memoryLimit");
            browser.waitFor(d -> browser.path().equals("/services/" + service));

            edit(browser, service, "config").fill("entries[0].key", "LOG_LEVEL").fill("entries[0].value", "info")
                    .submit("entries[0].key");
            edit(browser, service, "secrets").fill("keys[0].key", "DB_PASSWORD").submit("keys[0].key");
            edit(browser, service, "ingress").check("disabled", false).fill("host", "shop.example.com").fill("path", "/")
                    .check("tls", true).submit("host");
            edit(browser, service, "autoscaling").check("disabled", false).fill("minReplicas", "2").fill("maxReplicas", "5")
                    .fill("cpuUtilization", "70").submit("minReplicas");
            edit(browser, service, "probes").fill("readinessPath", "/ready").fill("livenessPath", "/live").fill("port", "http")
                    .submit("readinessPath");
            // prod autoscales like every environment, so its override leaves the replicas alone.
            edit(browser, service, "overrides").select("environment", prod)
                    .fill("ingressHost", "shop.acme.io").fill("config[0].key", "LOG_LEVEL").fill("config[0].value", "warn")
                    .submit("environment");
            browser.waitFor(d -> browser.path().startsWith("/services/" + service));

            browser.go("/services/" + service + "/secrets").fill("value-0", "s3cr3t-" + suffix).submit("value-0");
            browser.waitFor(d -> browser.page().contains("DB_PASSWORD"));
            assertThat(browser.page()).doesNotContain("s3cr3t-" + suffix);

            browser.go("/services/" + service);
            String page = browser.page();
            assertThat(page).contains(KubeCluster.DEMO_IMAGE, "LOG_LEVEL", "DB_PASSWORD",
                    "shop.example.com", "/ready", prod);
            assertThat(page).contains("The &lt;b&gt;shop&lt;/b&gt; front end");

            browser.go("/services/" + service + "/plan?environment=" + prod);
            browser.waitFor(d -> browser.page().contains("data-testid=\"plan\""));
            assertThat(browser.page()).contains("Deployment").contains("HorizontalPodAutoscaler").contains("Ingress")
                    .contains("shop.acme.io").doesNotContain("s3cr3t-" + suffix);
            browser.screenshot("engineer-plan");
            browser.click(By.cssSelector("[data-testid=request-deployment]"));
            browser.waitFor(d -> browser.path().startsWith("/deployments/"));
            assertThat(browser.text(By.cssSelector("[data-testid=deployment-state]"))).isEqualTo("PENDING_APPROVAL");
            browser.screenshot("engineer-requested-prod");

            // dev needs no approval: the service runs on the node, and its status page says so.
            browser.go("/services/" + service + "/plan?environment=" + dev);
            browser.waitFor(d -> browser.page().contains("data-testid=\"plan\""));
            browser.click(By.cssSelector("[data-testid=request-deployment]"));
            browser.waitFor(d -> browser.path().startsWith("/deployments/"));
            browser.waitFor(Duration.ofSeconds(90), d -> "SYNCED".equals(
                    browser.text(By.cssSelector("[data-testid=deployment-state]"))));
            browser.go("/services/" + service + "/environments/" + dev);
            browser.waitFor(Duration.ofSeconds(120), d -> {
                if (browser.page().contains("data-health=\"HEALTHY\"")) {
                    return true;
                }
                browser.go("/services/" + service + "/environments/" + dev);
                return false;
            });
            assertThat(browser.page()).contains("Running").contains("Autoscaling");
            browser.screenshot("engineer-healthy-status");
            browser.screenshotAtPhoneWidth("engineer-healthy-status");

            browser.click(By.cssSelector("[data-testid=pod-logs]"));
            browser.waitFor(d -> browser.page().contains("demo: listening on :8080"));
            assertThat(browser.page()).doesNotContain("s3cr3t-" + suffix);
            browser.screenshot("engineer-pod-logs");
        }
    }

    private static Browser edit(Browser browser, String service, String section) {
        return browser.go("/services/" + service + "/edit/" + section);
    }
}
