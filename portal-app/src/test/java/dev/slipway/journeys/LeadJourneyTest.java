package dev.slipway.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.NewService;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentCommand;
import dev.slipway.deploy.DeploymentService;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A team lead, in a real browser: finds an engineer's request in the approvals queue, reads what
 * approving would apply, approves it and watches the service page show it synced with the objects
 * Slipway manages, then the cluster's own view of them; their own request they may not decide.
 */
@SlipwayTest
@KubeTest
class LeadJourneyTest {

    /** The deployer and the API server share two cores with the browser and the build. */
    private static final Duration SYNC = Duration.ofSeconds(90);

    @LocalServerPort int port;
    @Autowired ClusterService clusters;
    @Autowired CatalogService catalog;
    @Autowired DeploymentService deployments;
    @Autowired IdentityService identity;

    private static boolean inView(Browser browser, By by) {
        return Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;",
                browser.driver().findElement(by)));
    }

    @Test
    void leadApprovesAnEngineersRequestAndSeesItSynced(KubeCluster kube) {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String environment = "prod-" + suffix;
        String service = "ledger-" + suffix;
        String image = "registry.example.com/payments/ledger:2.3.1";
        var carol = identity.actor("carol");
        var alice = identity.actor("alice");
        clusters.register(carol, "jl-" + suffix, kube.kubeconfig());
        clusters.saveEnvironment(carol, new EnvironmentCommand(environment, "jl-" + suffix, null, 2, true, null, null),
                true);
        catalog.createService(alice, new NewService(service, "payments", "The ledger", null, new ServiceSpec(image, 2,
                null, null, List.of(new ServiceSpec.Port("http", 8080, 80)),
                new ServiceSpec.Resources("100m", "500m", "128Mi", "256Mi"), Map.of("LOG_LEVEL", "info"), null,
                new ServiceSpec.Ingress("ledger.example.com", "/", false), null,
                new ServiceSpec.Probes("/ready", "/live", "http"), null)));
        long requested = deployments.request(alice, service, null, environment, "first release of the ledger").id();

        try (Browser browser = Browser.open(port)) {
            // Signing in lands on what waits for the lead, and the whole row of a request is its link.
            browser.signIn("bob");
            assertThat(browser.path()).isEqualTo("/approvals");
            By row = By.cssSelector("[data-testid=waiting] tr[data-request='" + requested + "']");
            assertThat(browser.text(row)).contains(service, environment, "alice", "first release of the ledger");
            browser.screenshot("lead-approvals");
            browser.screenshotAtPhoneWidth("lead-approvals");
            new Actions(browser.driver()).moveToElement(browser.driver().findElement(
                    By.cssSelector("[data-testid=waiting] tr[data-request='" + requested + "'] td:nth-child(2)")))
                    .click().perform();
            browser.waitFor(d -> browser.path().equals("/deployments/" + requested));
            assertThat(browser.text(By.cssSelector("[data-testid=reason]"))).isEqualTo("first release of the ledger");

            // What approving applies: the spec (nothing runs yet) and the server's dry run of the objects.
            browser.waitFor(d -> !d.findElements(By.cssSelector("[data-testid=review]")).isEmpty());
            assertThat(browser.text(By.cssSelector("[data-testid=deployment-state]"))).isEqualTo("PENDING_APPROVAL");
            assertThat(browser.text(By.cssSelector("[data-testid=spec-diff] [data-path='spec.image']")))
                    .contains(image);
            assertThat(browser.text(By.cssSelector("[data-testid=plan]"))).contains("Deployment", "Service", "Ingress",
                    "ConfigMap", "CREATE");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=plan-error]"))).isEmpty();
            // The decision stays in view at the top of a long review; its error shows beside it.
            assertThat(inView(browser, By.cssSelector("[data-testid=approve]"))).isTrue();
            assertThat(inView(browser, By.cssSelector("[data-testid=reject]"))).isTrue();
            browser.screenshot("lead-review");
            browser.screenshotAtPhoneWidth("lead-review");
            browser.submit(By.cssSelector("[data-testid=reject]"));
            By error = By.cssSelector("[data-testid=decision] [data-testid=decision-error]");
            assertThat(browser.text(error)).contains("Comment is required");
            ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("window.scrollTo(0, 0)");
            assertThat(inView(browser, error)).isTrue();
            browser.screenshot("lead-review-error");

            browser.fill("decision-comment", "Looks good").submit(By.cssSelector("[data-testid=approve]"));
            browser.waitFor(d -> browser.path().equals("/deployments/" + requested));
            assertThat(browser.page()).contains("approved");
            assertThat(browser.text(By.cssSelector("[data-testid=decisions]"))).contains("APPROVED", "bob", "Looks good");
            assertThat(browser.text(By.cssSelector("[data-testid=reason]"))).isEqualTo("first release of the ledger");

            // The service page itself shows the sync and the objects it manages, from Slipway's own record.
            browser.go("/services/" + service);
            By state = By.cssSelector("[data-testid='environment-" + environment + "'] [data-testid=latest-request]");
            By objects = By.cssSelector("[data-testid='objects-" + environment + "']");
            browser.waitFor(SYNC, d -> {
                browser.go("/services/" + service);
                return browser.text(state).equals("SYNCED") && !d.findElements(objects).isEmpty();
            });
            assertThat(browser.text(By.cssSelector("[data-testid='environment-" + environment + "']")))
                    .contains("SYNCED", "1");
            String namespace = "payments-" + environment;
            assertThat(browser.text(objects)).contains("Deployment " + namespace + "/" + service,
                    "Service " + namespace + "/" + service, "Ingress " + namespace + "/" + service,
                    "ConfigMap " + namespace + "/" + service + "-config");
            browser.screenshot("lead-service-synced");

            browser.click(By.linkText(environment));
            browser.waitFor(d -> browser.path().equals("/services/" + service + "/environments/" + environment));
            assertThat(browser.text(By.cssSelector("[data-testid=sync-state]"))).isEqualTo("SYNCED");
            assertThat(browser.text(By.cssSelector("[data-testid=deployed-revision]"))).isEqualTo("1");
            assertThat(browser.text(By.cssSelector("[data-testid=objects]"))).contains("Deployment/" + service,
                    "Service/" + service, "Ingress/" + service, "ConfigMap/");
            browser.screenshot("lead-synced");

            // The lead asks for the same revision themselves: the page says they may not decide, offers no
            // approval, and lets them take the request back.
            browser.go("/services/" + service + "/plan?environment=" + environment);
            browser.waitFor(d -> !d.findElements(By.cssSelector("[data-testid=request-deployment]")).isEmpty());
            // Before asking, the page says who could approve (bob leads payments: only another lead could).
            assertThat(browser.text(By.cssSelector("[data-testid=approvers]"))).isNotBlank().doesNotContain("bob");
            browser.screenshot("lead-plan-approvers");
            browser.submit(By.cssSelector("[data-testid=request-deployment]"));
            browser.waitFor(d -> browser.path().startsWith("/deployments/"));
            String own = browser.path();
            assertThat(own).isNotEqualTo("/deployments/" + requested);
            assertThat(browser.text(By.cssSelector("[data-testid=deployment-state]"))).isEqualTo("PENDING_APPROVAL");
            assertThat(browser.text(By.cssSelector("[data-testid=decision-refusal]")))
                    .contains("Nobody decides on their own");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=approve]"))).isEmpty();
            browser.screenshot("lead-own-request");
            // Cancelling is at the end of the page, away from any decision, and not red.
            assertThat(browser.driver().findElement(By.cssSelector("[data-testid=cancel-request]")).getAttribute("class"))
                    .contains("btn-outline-secondary").doesNotContain("danger");
            browser.submit(By.cssSelector("[data-testid=cancel-request]"));
            assertThat(browser.path()).isEqualTo(own);
            assertThat(browser.text(By.cssSelector("[data-testid=deployment-state]"))).isEqualTo("CANCELLED");
        }
    }
}
