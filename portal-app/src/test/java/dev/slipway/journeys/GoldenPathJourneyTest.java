package dev.slipway.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.NewService;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.catalog.ServiceTemplates;
import dev.slipway.identity.IdentityService;
import dev.slipway.templates.TemplateService;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.SlipwayTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Golden paths in a real browser (docs/golden-paths.md): carol publishes version 2 of a template and starts
 * a campaign; bob accepts it for payments; the campaign page shows payments accepted and search still pending.
 */
@SlipwayTest
class GoldenPathJourneyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort int port;
    @Autowired TemplateService templates;
    @Autowired ServiceTemplates serviceTemplates;
    @Autowired CatalogService catalog;
    @Autowired IdentityService identity;
    @Autowired PlatformTransactionManager transactions;

    @Test
    void carolPublishesAndStartsACampaignBobAcceptsForPayments() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String template = "web-" + suffix;
        templates.create(identity.actor("carol"), template, "Web services", json("""
                {"resources": {"cpuLimit": "1", "memoryLimit": "512Mi"}, "securityContext": {"runAsNonRoot": true}}"""),
                json("[\"securityContext.runAsNonRoot\"]"));
        String payments = register("alice", "payments", "pay-" + suffix, template);
        String search = register("dave", "search", "find-" + suffix, template);

        long campaign;
        try (Browser browser = Browser.open(port)) {
            browser.signIn("carol").go("/templates/" + template);
            browser.paste("spec", """
                    {"resources": {"cpuLimit": "1", "memoryLimit": "512Mi"},
                     "securityContext": {"runAsNonRoot": true, "readOnlyRootFilesystem": true},
                     "podDisruptionBudget": {"maxUnavailable": 1}}""");
            browser.fill("note", "read-only root filesystem and a disruption budget");
            browser.submit(By.cssSelector("[data-testid=version-publish] button[type=submit]"));
            assertThat(browser.text(By.cssSelector("[data-testid=latest-version]"))).isEqualTo("version 2");
            browser.select("version", "2");
            browser.submit(By.cssSelector("[data-testid=campaign-start] button[type=submit]"));
            assertThat(browser.path()).startsWith("/campaigns/");
            campaign = Long.parseLong(browser.path().substring("/campaigns/".length()));
            assertThat(count(browser, "payments", "proposed")).isEqualTo("1");
            assertThat(count(browser, "search", "proposed")).isEqualTo("1");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=accept-payments]")))
                    .as("a platform admin does not decide for a team").isEmpty();
            browser.screenshot("golden-path-campaign-started");
            browser.go("/templates/" + template).assertAccessible("template");
            browser.go("/templates").assertAccessible("templates");
        }
        try (Browser browser = Browser.open(port)) {
            browser.signIn("bob").go("/campaigns/" + campaign);
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=accept-search]")))
                    .as("bob leads payments only").isEmpty();
            browser.submit(By.cssSelector("[data-testid=accept-payments]"));
            assertThat(browser.page()).contains("Accepted 1 proposal(s) of payments");
            assertThat(count(browser, "payments", "accepted")).isEqualTo("1");
            assertThat(count(browser, "payments", "proposed")).isEqualTo("0");
            assertThat(count(browser, "search", "proposed")).isEqualTo("1");
            assertThat(count(browser, "search", "accepted")).isEqualTo("0");
            assertThat(browser.text(By.cssSelector("[data-service='" + payments + "'] summary"))).contains("ACCEPTED",
                    "revision 2");
            assertThat(browser.text(By.cssSelector("[data-service='" + search + "'] summary"))).contains("PROPOSED");
            browser.screenshot("golden-path-campaign-accepted");
            browser.assertAccessible("campaign");

            browser.go("/services/" + search);
            assertThat(browser.text(By.cssSelector("[data-testid=service-template]")))
                    .contains(template, "version 1", "version 2 is available");
        }
        assertThat(catalog.latestRevision(payments).spec().securityContext().readOnlyRootFilesystem()).isTrue();
    }

    private String register(String user, String team, String name, String template) {
        ServiceTemplates.Applied applied = serviceTemplates.apply(template, json("""
                {"image": "registry.example.com/%s/%s:1"}""".formatted(team, name)));
        ServiceSpec spec = JSON.treeToValue(applied.spec(), ServiceSpec.class);
        // As POST /api/v1/services with a template does: the service and what it was made from in one transaction.
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            catalog.createService(identity.actor(user), new NewService(name, team, "", null, spec));
            serviceTemplates.remember(catalog.requireService(name), applied);
        });
        return name;
    }

    private static String count(Browser browser, String team, String what) {
        return browser.text(By.cssSelector("[data-testid=campaign-teams] tr[data-team='" + team + "'] td[data-count='"
                + what + "']"));
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
