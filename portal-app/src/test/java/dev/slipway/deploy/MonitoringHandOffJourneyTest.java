package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The monitoring hand-off in the browser: a platform admin gives an environment its dashboard and logs links,
 * an engineer turns on scraping in the service editor (a mistake keeps the input and says what is accepted),
 * and the status page links to the dashboard and logs of exactly this service.
 */
@SlipwayTest
@KubeTest
class MonitoringHandOffJourneyTest {

    @LocalServerPort int port;
    @Autowired MockMvc mvc;

    @Test
    void anAdminSetsTheLinksAnEngineerTurnsOnScrapingAndTheStatusPageLinksToTheDashboardAndLogs(KubeCluster kube)
            throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("obs", false, "DETECT");
        String service = scenario.service("shop", Map.of("image", "registry.example.com/payments/shop:2.1.0",
                "ports", java.util.List.of(Map.of("name", "http", "containerPort", 8080, "servicePort", 80),
                        Map.of("name", "metrics", "containerPort", 9090))));

        try (Browser admin = Browser.open(port)) {
            admin.signIn("carol").go("/environments/" + env);
            admin.fill("dashboardUrlTemplate", "https://grafana.example.com/d/pods?var-namespace={namespace}&var-team={team}");
            admin.fill("logsUrlTemplate", "https://logs.example.com/explore?app={service}&ns={namespace}");
            admin.submit("dashboardUrlTemplate");
            admin.waitFor(d -> !d.findElements(By.cssSelector("[data-field=dashboardUrlTemplate]")).isEmpty());
            assertThat(admin.text(By.cssSelector("[data-field=dashboardUrlTemplate]"))).contains("{team} is not one of them");
            assertThat(admin.driver().findElement(By.id("dashboardUrlTemplate")).getAttribute("value"))
                    .as("the input is kept").endsWith("var-team={team}");
            assertThat(admin.driver().findElement(By.id("logsUrlTemplate")).getAttribute("value"))
                    .as("the valid field is kept too").isEqualTo("https://logs.example.com/explore?app={service}&ns={namespace}");
            ((JavascriptExecutor) admin.driver()).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});",
                    admin.driver().findElement(By.id("dashboardUrlTemplate")));
            admin.screenshot("monitoring-environment-link-error");
            admin.screenshotAtPhoneWidth("monitoring-environment-link-error");

            admin.fill("dashboardUrlTemplate", "https://grafana.example.com/d/pods?var-cluster={cluster}&var-namespace={namespace}"
                    + "&var-service={service}");
            admin.submit("dashboardUrlTemplate");
            admin.waitFor(d -> admin.page().contains("Environment " + env + " saved."));
            assertThat(admin.text(By.cssSelector("[data-testid=dashboard-template]"))).contains("var-service={service}");
        }

        try (Browser browser = Browser.open(port)) {
            browser.signIn("alice").go("/services/" + service + "/edit/monitoring");
            browser.check("disabled", false);
            browser.fill("metricsPort", "prom");
            browser.fill("metricsPath", "metrics");
            browser.submit("metricsPort");
            browser.waitFor(d -> !d.findElements(By.cssSelector("[data-field=metricsPort]")).isEmpty());
            assertThat(browser.text(By.cssSelector("[data-field=metricsPort]"))).contains("[http, metrics]");
            assertThat(browser.text(By.cssSelector("[data-field=metricsPath]"))).contains("must start with '/'");
            assertThat(browser.driver().findElement(By.id("metricsPort")).getAttribute("value")).isEqualTo("prom");
            assertThat(browser.driver().findElement(By.id("metricsPath")).getAttribute("value")).isEqualTo("metrics");
            assertThat(browser.driver().findElement(By.name("disabled")).isSelected()).as("still on").isFalse();
            browser.screenshot("monitoring-editor-error");
            browser.screenshotAtPhoneWidth("monitoring-editor-error");

            browser.fill("metricsPort", "metrics");
            browser.fill("metricsPath", "/actuator/prometheus");
            browser.submit("metricsPort");
            browser.waitFor(d -> browser.page().contains("Saved revision 2"));
            assertThat(browser.text(By.cssSelector("[data-testid=monitoring]"))).contains("metrics").contains("/actuator/prometheus");

            scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
            browser.go("/services/" + service + "/environments/" + env);
            By dashboard = By.cssSelector("[data-testid=observe-links] [data-testid=dashboard-link]");
            By logs = By.cssSelector("[data-testid=observe-links] [data-testid=external-logs-link]");
            browser.waitFor(d -> !d.findElements(dashboard).isEmpty());
            String ns = "payments-" + env;
            assertThat(browser.driver().findElement(dashboard).getAttribute("href")).isEqualTo(
                    "https://grafana.example.com/d/pods?var-cluster=" + scenario.cluster + "&var-namespace=" + ns
                            + "&var-service=" + service);
            assertThat(browser.driver().findElement(logs).getAttribute("href"))
                    .isEqualTo("https://logs.example.com/explore?app=" + service + "&ns=" + ns);
            assertThat(browser.driver().findElement(logs).getAttribute("rel")).isEqualTo("noopener noreferrer");
            assertThat(browser.driver().findElement(dashboard).getAttribute("textContent")).as("what a screen reader says")
                    .contains("Dashboard").contains("(opens in a new tab)");
            browser.assertAccessible("status page with dashboard and logs links");
            browser.screenshot("monitoring-status-links");
            browser.screenshotAtPhoneWidth("monitoring-status-links");

            browser.go("/services/" + service);
            browser.waitFor(d -> !d.findElements(By.cssSelector("[data-testid=observe-links-" + env + "] a")).isEmpty());
            browser.screenshot("monitoring-service-page-links");
            browser.screenshotAtPhoneWidth("monitoring-service-page-links");
        }
    }
}
