package dev.slipway.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A platform admin, in a real browser: registers a cluster by pasting its kubeconfig, puts an
 * environment on it, finds the registration in the audit trail, exports what was found as CSV and
 * verifies the hash chain.
 */
@SlipwayTest
@KubeTest
class PlatformAdminJourneyTest {

    @LocalServerPort int port;

    @Test
    void adminRegistersAClusterAndAnEnvironmentThenAuditsIt(KubeCluster kube) {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String cluster = "ja-" + suffix;
        String environment = "staging-" + suffix;
        // Taken before anything is registered, so the search still covers it should the day turn meanwhile.
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        try (Browser browser = Browser.open(port)) {
            browser.signIn("carol").go("/clusters");
            browser.fill("name", cluster).paste("kubeconfig", kube.kubeconfig()).submit("name");
            browser.waitFor(d -> browser.path().equals("/clusters/" + cluster));
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=cluster-status] .text-bg-success")))
                    .as("the pasted kubeconfig reaches the API server: %s", browser.text(By.tagName("main")))
                    .hasSize(1);
            // The credentials are stored, never shown again.
            assertThat(browser.page()).doesNotContain("client-key-data");

            browser.go("/environments").fill("name", environment).select("cluster", cluster).fill("order", "1")
                    .check("requiresApproval", true).submit("name");
            browser.waitFor(d -> browser.path().equals("/environments/" + environment));
            browser.go("/environments");
            assertThat(browser.text(By.cssSelector("[data-testid=environments]")))
                    .contains(environment + " " + cluster, "lead approves");

            // The cluster cannot go while the environment lives on it; the page says so before anyone tries.
            browser.go("/clusters/" + cluster).click(By.linkText("Delete cluster…"));
            browser.waitFor(d -> browser.path().equals("/clusters/" + cluster + "/delete"));
            assertThat(browser.text(By.cssSelector("[data-testid=cluster-in-use]"))).contains(environment);
            browser.screenshot("admin-cluster-delete-refused");
            browser.go("/clusters/" + cluster).submit(By.xpath("//button[normalize-space()='Check connection again']"));
            browser.waitFor(d -> !d.findElements(By.cssSelector(".alert-success")).isEmpty());
            assertThat(browser.text(By.cssSelector(".alert-success"))).contains("checked again", "reachable");
            browser.screenshot("admin-cluster-checked");

            browser.go("/audit").fill("actor", "carol").select("action", "cluster.registered").fill("from", today)
                    .submit("actor");
            browser.waitFor(d -> browser.path().startsWith("/audit?"));
            String found = browser.text(By.cssSelector("[data-testid=audit-events]"));
            assertThat(found).contains(cluster, "cluster.registered").doesNotContain("environment.created");
            browser.screenshot("admin-audit-search");

            // The export link carries the same filter and streams every event of it.
            String href = browser.driver().findElement(By.cssSelector("[data-testid=export-csv]")).getAttribute("href");
            assertThat(href).contains("/audit/export", "format=csv", "actor=carol", "action=cluster.registered");
            Browser.Fetched csv = browser.fetch(href);
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.contentType()).startsWith("text/csv");
            assertThat(csv.disposition()).startsWith("attachment").contains(".csv");
            List<String> lines = Arrays.asList(csv.body().split("\r\n"));
            assertThat(lines.get(0)).isEqualTo("id,occurred_at,actor,action,target_type,target,team,service,"
                    + "environment,details,prev_hash,hash");
            assertThat(lines.subList(1, lines.size())).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).contains(",carol,cluster.registered,cluster,"))
                    .anySatisfy(line -> assertThat(line).contains(",cluster," + cluster + ","));

            browser.click(By.linkText("Verify the hash chain"));
            browser.waitFor(d -> browser.path().equals("/audit/verify"));
            browser.submit(By.cssSelector("form[action$='/audit/verify'] button"));
            browser.waitFor(d -> !d.findElements(By.cssSelector("[data-testid=verify-result]")).isEmpty());
            assertThat(browser.text(By.cssSelector("[data-testid=verify-result]"))).contains("The chain is intact");
            browser.screenshot("admin-verified");

            // An event's details read as lines, not as JSON.
            browser.go("/audit?actor=carol&action=cluster.registered&q=" + cluster)
                    .click(By.cssSelector("[data-testid=audit-events] tbody tr td a"));
            browser.waitFor(d -> browser.path().matches("/audit/\\d+"));
            assertThat(browser.text(By.cssSelector("[data-testid=event-details]"))).contains("server", "reachable")
                    .doesNotContain("{");
            browser.screenshot("admin-audit-event");
        }
    }
}
