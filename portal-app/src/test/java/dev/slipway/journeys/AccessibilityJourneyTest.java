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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every main page, as the people who use it, checked by axe-core (no serious or critical violation) and
 * at phone width (nothing off-screen sideways), with a desktop and a 390 px screenshot of each; and the
 * navigation by keyboard and on a phone.
 */
@SlipwayTest
@KubeTest
class AccessibilityJourneyTest {

    @LocalServerPort int port;
    @Autowired ClusterService clusters;
    @Autowired CatalogService catalog;
    @Autowired DeploymentService deployments;
    @Autowired IdentityService identity;
    @Autowired dev.slipway.identity.ApiTokenService tokens;

    @Test
    void everyMainPagePassesAxeAndFitsAPhone(KubeCluster kube) {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String cluster = "ax-" + suffix;
        String environment = "prod-" + suffix;
        String service = "a11y-checkout-" + suffix;
        var carol = identity.actor("carol");
        var alice = identity.actor("alice");
        clusters.register(carol, cluster, kube.kubeconfig());
        clusters.saveEnvironment(carol, new EnvironmentCommand(environment, cluster, null, 2, true, null, null), true);
        catalog.createService(alice, new NewService(service, "payments", "Takes the money", null, new ServiceSpec(
                "registry.example.com/payments/checkout-with-a-rather-long-image-name:2026.12.05-build.4711", 2,
                null, null, List.of(new ServiceSpec.Port("http", 8080, 80)),
                new ServiceSpec.Resources("100m", "500m", "128Mi", "256Mi"),
                Map.of("PAYMENT_PROVIDER_ENDPOINT_URL", "https://payments.example.com/api/v2/charges?mode=live"),
                null, new ServiceSpec.Ingress("checkout.example.com", "/", false), null,
                new ServiceSpec.Probes("/ready", "/live", "http"), null)));
        long requested = deployments.request(alice, service, null, environment, "first release of checkout").id();
        // the token list is checked with a token in it, whatever other tests left behind
        tokens.issue("alice", "ci-pipeline-of-the-checkout-service-" + suffix, 30);

        SoftAssertions softly = new SoftAssertions();
        try (Browser browser = Browser.open(port)) {
            browser.go("/login");
            check(softly, browser, "login");

            browser.signIn("alice");
            check(softly, browser, "services", "/services");
            check(softly, browser, "service", "/services/" + service);
            check(softly, browser, "service-new", "/services/new");
            check(softly, browser, "deployments", "/deployments");
            check(softly, browser, "status", "/services/" + service + "/environments/" + environment);
            check(softly, browser, "insights", "/insights");
            check(softly, browser, "teams", "/teams");
            check(softly, browser, "team", "/teams/payments");
            check(softly, browser, "tokens", "/me/tokens");

            browser.driver().manage().deleteAllCookies();
            browser.signIn("bob");
            check(softly, browser, "approvals", "/approvals");
            // The badge's number is read out with what it counts (other tests' requests may wait for bob too).
            softly.assertThat(browser.driver().findElement(By.cssSelector("nav a[href$='/approvals']"))
                    .getDomProperty("textContent").replaceAll("\\s+", " ").trim())
                    .matches("Approvals (\\d+), \\1 waiting for your decision");
            browser.go("/deployments/" + requested);
            browser.waitFor(d -> !d.findElements(By.cssSelector("[data-testid=review]")).isEmpty());
            check(softly, browser, "deployment");

            browser.driver().manage().deleteAllCookies();
            browser.signIn("carol");
            check(softly, browser, "clusters", "/clusters");
            check(softly, browser, "cluster", "/clusters/" + cluster);
            check(softly, browser, "environments", "/environments");
            check(softly, browser, "environment", "/environments/" + environment);
            check(softly, browser, "audit", "/audit");
            check(softly, browser, "users", "/users");
            check(softly, browser, "unknown-page", "/no-such-page");
            // The admin sees the most links: they fit on the bar from 1200 px on, and fold behind Menu below.
            for (int width : new int[] {1024, 1200, 1280}) {
                softly.check(() -> browser.assertFitsWidth("users", width));
            }
        }
        softly.assertAll();
    }

    @Test
    void keyboardReachesContentFirstAndSeesWhereItIs() {
        try (Browser browser = Browser.open(port)) {
            browser.signIn("alice").go("/deployments");
            var driver = browser.driver();

            // The first Tab lands on the skip link, shown on screen; Enter moves focus to the content.
            new Actions(driver).sendKeys(Keys.TAB).perform();
            WebElement skip = driver.switchTo().activeElement();
            assertThat(skip.getText()).isEqualTo("Skip to content");
            assertThat(skip.getRect().getY()).isGreaterThanOrEqualTo(0);
            browser.screenshot("keyboard-skip-link");
            skip.sendKeys(Keys.ENTER);
            assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("content");

            // Only the current section is marked, for screen readers and by more than colour.
            List<WebElement> current = driver.findElements(By.cssSelector("nav [aria-current=page]"));
            assertThat(current).extracting(WebElement::getText).containsExactly("Deployments");

            // A link on the dark bar, reached by keyboard (skip link, brand, first link), carries a ring that
            // stands out from the bar.
            browser.go("/deployments");
            new Actions(driver).sendKeys(Keys.TAB, Keys.TAB, Keys.TAB).perform();
            WebElement focused = driver.switchTo().activeElement();
            assertThat(focused.getText()).isEqualTo("Services");
            assertThat(focused.getCssValue("outline-style")).isEqualTo("solid");
            assertThat(focused.getCssValue("outline-width")).isEqualTo("3px");
            assertThat(focused.getCssValue("outline-color")).isEqualTo("rgba(255, 218, 106, 1)");
            browser.screenshot("keyboard-focus-ring");
        }
    }

    @Test
    void onAPhoneTheMenuFoldsAndSignOutStaysInView() {
        try (Browser browser = Browser.open(port)) {
            browser.signIn("bob").go("/services");
            var window = browser.driver().manage().window();
            window.setSize(new Dimension(390, 844));
            var driver = browser.driver();

            WebElement signOut = driver.findElement(By.xpath("//nav//button[normalize-space()='Sign out']"));
            assertThat(signOut.isDisplayed()).isTrue();
            assertThat(signOut.getRect().getX() + signOut.getRect().getWidth()).isLessThanOrEqualTo(390);
            assertThat(driver.findElement(By.cssSelector("[data-testid=signed-in-user]")).isDisplayed()).isTrue();
            WebElement deploymentsLink = driver.findElement(By.cssSelector("nav a[href$='/deployments']"));
            assertThat(deploymentsLink.isDisplayed()).as("folded away until the menu is opened").isFalse();

            // The menu opens without any script: a checkbox and its label.
            driver.findElement(By.cssSelector("label[for=nav-toggle]")).click();
            assertThat(deploymentsLink.isDisplayed()).isTrue();
            browser.screenshot("phone-menu-open");
            deploymentsLink.click();
            browser.waitFor(d -> browser.path().equals("/deployments"));
        }
    }

    private static void check(SoftAssertions softly, Browser browser, String name, String path) {
        browser.go(path);
        check(softly, browser, name);
    }

    private static void check(SoftAssertions softly, Browser browser, String name) {
        browser.screenshot("a11y-" + name);
        browser.screenshotAtPhoneWidth("a11y-" + name);
        softly.check(() -> browser.assertAccessible(name));
        softly.check(() -> browser.assertAccessibleAtPhoneWidth(name));
        softly.check(() -> browser.assertFitsPhoneWidth(name));
    }
}
