package dev.slipway.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.SlipwayTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An engineer, in a real browser, registers a service with everything it needs in one save; and
 * another whose session expired while the form was open, who signs in again and still saves it.
 */
@SlipwayTest
class RegisterServiceJourneyTest {

    @LocalServerPort int port;
    @Autowired CatalogService catalog;

    @Test
    void engineerRegistersACompleteServiceInOneSaveAsRevision1() {
        String service = "reg-" + UUID.randomUUID().toString().substring(0, 6);

        try (Browser browser = Browser.open(port)) {
            browser.signIn("alice").go("/services/new");
            fillEverything(browser, service);
            // Two mistakes at once: both are shown at their fields, and nothing typed is lost.
            browser.fill("replicas", "two").fill("resources.memoryLimit", "512MB").submit("name");
            assertThat(browser.path()).isEqualTo("/services");
            assertThat(browser.text(By.cssSelector("[data-field=replicas]"))).contains("whole number");
            assertThat(browser.text(By.cssSelector("[data-field='resources.memoryLimit']"))).contains("Mi");
            assertThat(browser.driver().findElement(By.name("config.entries[1].value")).getAttribute("value"))
                    .isEqualTo("eu-west");
            assertThat(browser.driver().findElement(By.id("ingress.host")).getAttribute("value"))
                    .isEqualTo("checkout.example.com");
            browser.screenshot("register-problems");
            browser.screenshotAtPhoneWidth("register-problems");

            browser.fill("replicas", "2").fill("resources.memoryLimit", "512Mi").submit("name");
            browser.waitFor(d -> browser.path().equals("/services/" + service));
            assertThat(browser.page()).contains("Registered " + service + " with revision 1", "just now");
            browser.screenshot("register-service-page");
        }

        assertThat(catalog.revisions(service)).hasSize(1);
        ServiceSpec spec = catalog.latestRevision(service).spec();
        assertThat(spec.image()).isEqualTo("registry.example.com/payments/checkout:1.0.0");
        assertThat(spec.replicas()).isEqualTo(2);
        assertThat(spec.ports()).containsExactly(new ServiceSpec.Port("http", 8080, 80));
        assertThat(spec.resources()).isEqualTo(new ServiceSpec.Resources("250m", "1", "256Mi", "512Mi"));
        assertThat(spec.config()).isEqualTo(Map.of("LOG_LEVEL", "info", "REGION", "eu-west"));
        assertThat(spec.secrets()).containsExactly("DB_PASSWORD");
        assertThat(spec.probes()).isEqualTo(new ServiceSpec.Probes("/ready", "/live", "http"));
        assertThat(spec.ingress()).isEqualTo(new ServiceSpec.Ingress("checkout.example.com", "/", true));
        assertThat(spec.autoscaling()).isEqualTo(new ServiceSpec.Autoscaling(2, 5, 70));
    }

    @Test
    void aSaveAfterTheSessionExpiredIsKeptThroughSigningIn() {
        String service = "exp-" + UUID.randomUUID().toString().substring(0, 6);

        try (Browser browser = Browser.open(port)) {
            browser.signIn("alice").go("/services/new");
            browser.fill("name", service).fill("image", "nginx:1.27")
                    .fill("config.entries[0].key", "LOG_LEVEL").fill("config.entries[0].value", "debug");
            browser.driver().manage().deleteAllCookies();
            browser.submit("name");

            browser.waitFor(d -> browser.path().startsWith("/login?expired"));
            assertThat(browser.text(By.cssSelector("[data-testid=session-expired]"))).contains("what you entered is kept");
            browser.screenshot("session-expired-sign-in");
            browser.signIn("alice");
            browser.waitFor(d -> browser.path().startsWith("/me/unsaved"));
            assertThat(browser.text(By.cssSelector("[data-testid=kept-fields]"))).contains("name", "config.entries[0].key");
            browser.screenshot("session-expired-kept-input");
            browser.screenshotAtPhoneWidth("session-expired-kept-input");
            browser.submit(By.cssSelector("[data-testid=send-kept] button"));
            browser.waitFor(d -> browser.path().equals("/services/" + service));

            // An address nothing serves is a 404 page, not "not allowed".
            browser.go("/no-such-area");
            assertThat(browser.page()).contains("404", "There is nothing at this address.");
        }

        assertThat(catalog.revisions(service)).hasSize(1);
        assertThat(catalog.latestRevision(service).spec().config()).isEqualTo(Map.of("LOG_LEVEL", "debug"));
    }

    private static void fillEverything(Browser browser, String service) {
        browser.fill("name", service).select("team", "payments").fill("description", "Takes the money")
                .fill("repositoryUrl", "https://git.example.com/payments/checkout")
                .fill("image", "registry.example.com/payments/checkout:1.0.0").fill("replicas", "2")
                .fill("ports.ports[0].name", "http").fill("ports.ports[0].containerPort", "8080")
                .fill("ports.ports[0].servicePort", "80")
                .fill("resources.cpuRequest", "250m").fill("resources.cpuLimit", "1")
                .fill("resources.memoryRequest", "256Mi").fill("resources.memoryLimit", "512Mi")
                .fill("config.entries[0].key", "LOG_LEVEL").fill("config.entries[0].value", "info")
                .fill("config.entries[1].key", "REGION").fill("config.entries[1].value", "eu-west")
                .fill("secrets.keys[0].key", "DB_PASSWORD")
                .fill("probes.readinessPath", "/ready").fill("probes.livenessPath", "/live").fill("probes.port", "http")
                .fill("ingress.host", "checkout.example.com").fill("ingress.path", "/")
                .fill("autoscaling.minReplicas", "2")
                .fill("autoscaling.maxReplicas", "5").fill("autoscaling.cpuUtilization", "70");
        // Browser.check clicks where the box is, and these are below the window (Bootstrap scrolls smoothly).
        for (String box : new String[] {"ingress.disabled", "autoscaling.disabled"}) {
            ((JavascriptExecutor) browser.driver()).executeScript(
                    "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
                    browser.driver().findElement(By.id(box)));
            browser.check(box, false);
        }
        browser.screenshot("register-form");
    }
}
