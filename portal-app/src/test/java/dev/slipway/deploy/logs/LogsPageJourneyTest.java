package dev.slipway.deploy.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.deploy.DeployerScenario;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.NodeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;

/**
 * An engineer opens the logs of a service from its status page and reads every pod at once: lines arrive without
 * reloading, each after its pod's name; the filter narrows them, pause holds new ones back until resumed,
 * scrolling up stops following, what a request put in the log shows as text (markup and colour codes too), and
 * the last lines download as one file.
 */
@SlipwayTest
@NodeTest
class LogsPageJourneyTest {

    @Autowired MockMvc mvc;
    @Autowired LogStreams streams;
    @LocalServerPort int port;

    private KubeCluster kube;
    private String namespace;

    @AfterEach
    void cleanUp() {
        if (namespace != null) {
            try {
                new CoreV1Api(kube.client()).deleteNamespace(namespace).execute();
            } catch (ApiException e) {
                // already gone
            }
        }
    }

    @Test
    void anEngineerFollowsEveryPodFiltersPausesAndDownloadsWithoutKubectl(KubeCluster kube) throws Exception {
        this.kube = kube;
        streams.closeAll();
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("page", false, "DETECT");
        namespace = "payments-" + env;
        String service = scenario.service("logs", LiveLogTailTest.demoSpec(2));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        Set<String> pods = LiveLogTailTest.awaitPods(scenario, service, env, 2);
        String ip = "http://" + new CoreV1Api(kube.client()).readNamespacedService(service, namespace).execute()
                .getSpec().getClusterIP();
        String u = UUID.randomUUID().toString().substring(0, 8);

        try (Browser browser = Browser.open(port)) {
            browser.signIn("alice").go("/services/" + service + "/environments/" + env);
            browser.click(By.cssSelector("[data-testid=logs-link]"));
            browser.waitFor(Duration.ofSeconds(10), d -> browser.text(By.cssSelector("[data-testid=log-state]")).equals("Live"));
            for (String pod : pods) {
                browser.waitFor(Duration.ofSeconds(30), d -> !d.findElements(By.cssSelector(".log-line[data-pod='" + pod + "']")).isEmpty());
            }
            var script = (JavascriptExecutor) browser.driver();
            script.executeScript("window.slipwayNotReloaded = true;");

            // What a stranger can put into a log: markup and terminal colour codes (the demo logs the path decoded).
            LiveLogTailTest.get(ip + "/%3Cimg%20src=x%20onerror=window.pwned=1%3E-" + u);
            LiveLogTailTest.get(ip + "/%1B%5B31mred-" + u + "%1B%5B0m");
            for (int i = 0; i < 60; i++) {
                LiveLogTailTest.get(ip + "/hello-" + u + "-" + i);
            }
            browser.waitFor(Duration.ofSeconds(10), d -> visibleLines(browser).stream().anyMatch(t -> t.contains("hello-" + u + "-59")));
            assertThat(visibleLines(browser)).anyMatch(t -> t.contains("GET /<img src=x onerror=window.pwned=1>-" + u + " 404"))
                    .anyMatch(t -> t.contains("GET /red-" + u + " 404"));
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=log-lines] img"))).isEmpty();
            assertThat(script.executeScript("return window.pwned === undefined;")).isEqualTo(true);
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=log-pods] [data-testid=log-pod-link]")))
                    .extracting(WebElement::getText).containsExactlyInAnyOrderElementsOf(pods);
            assertThat(browser.text(By.cssSelector("[data-testid=restarted-pods]"))).contains("None");
            browser.screenshot("logs-live");
            browser.screenshotAtPhoneWidth("logs-live");
            browser.assertFitsPhoneWidth("logs page");
            browser.assertAccessible("logs page");

            browser.fill("log-filter", "HELLO-" + u + "-4");
            browser.waitFor(d -> visibleLines(browser).size() == 11); // -4 and -40 … -49
            assertThat(visibleLines(browser)).allMatch(t -> t.contains("hello-" + u + "-4"));
            assertThat(browser.text(By.cssSelector("[data-testid=log-count]"))).contains("11 match the filter");
            browser.screenshot("logs-filtered");
            script.executeScript("var f = document.getElementById('log-filter'); f.value = '';"
                    + " f.dispatchEvent(new Event('input'));");
            browser.waitFor(d -> visibleLines(browser).size() > 60);

            // Scrolling up to read stops following; back at the bottom it follows again.
            WebElement box = browser.driver().findElement(By.cssSelector("[data-testid=log-lines]"));
            WebElement follow = browser.driver().findElement(By.cssSelector("[data-testid=log-follow]"));
            assertThat(follow.isSelected()).isTrue();
            script.executeScript("arguments[0].scrollTop = 0;", box);
            browser.waitFor(d -> !follow.isSelected());
            LiveLogTailTest.get(ip + "/while-reading-" + u);
            browser.waitFor(Duration.ofSeconds(10), d -> visibleLines(browser).stream().anyMatch(t -> t.contains("while-reading-" + u)));
            assertThat(((Number) script.executeScript("return arguments[0].scrollTop;", box)).intValue()).isZero();
            script.executeScript("arguments[0].scrollTop = arguments[0].scrollHeight;", box);
            browser.waitFor(d -> follow.isSelected());

            browser.click(By.cssSelector("[data-testid=log-pause]"));
            assertThat(browser.text(By.cssSelector("[data-testid=log-state]"))).isEqualTo("Paused");
            LiveLogTailTest.get(ip + "/paused-" + u);
            browser.waitFor(Duration.ofSeconds(10), d -> browser.text(By.cssSelector("[data-testid=log-count]")).matches(".*paused, [1-9]\\d* new waiting.*"));
            Thread.sleep(1_500); // the request's line arrives within milliseconds (LiveLogTailTest): now it waits too
            assertThat(visibleLines(browser)).noneMatch(t -> t.contains("paused-" + u));
            assertThat(browser.text(By.cssSelector("[data-testid=log-pause]"))).matches("Resume \\([1-9]\\d* new\\)");
            browser.screenshot("logs-paused");
            browser.click(By.cssSelector("[data-testid=log-pause]"));
            browser.waitFor(d -> visibleLines(browser).stream().anyMatch(t -> t.contains("paused-" + u)));
            assertThat(browser.text(By.cssSelector("[data-testid=log-state]"))).isEqualTo("Live");
            assertThat(script.executeScript("return window.slipwayNotReloaded === true;")).isEqualTo(true);

            script.executeScript("window.scrollTo(0, document.body.scrollHeight);");
            browser.screenshot("logs-download");
            var download = browser.fetch("/services/" + service + "/environments/" + env + "/logs/download?lines=50");
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.contentType()).startsWith("text/plain");
            assertThat(download.disposition()).startsWith("attachment").contains(service + "-" + env + "-logs.txt");
            List<String> lines = download.body().lines().toList();
            assertThat(lines).hasSize(50).allSatisfy(line -> assertThat(pods).anyMatch(pod -> line.contains(" " + pod + "/" + service + " ")));
            assertThat(download.body()).contains("GET /paused-" + u + " 404").doesNotContain("\u001b");
            List<java.time.Instant> times = lines.stream().map(line -> java.time.Instant.parse(line.substring(0, line.indexOf(' ')))).toList();
            assertThat(times).as("merged by time, the newest last").isSorted();
        }
    }

    @Test
    void aCrashingPodsLinesReachTheOpenTailAndThePageLinksItsPreviousContainersLog(KubeCluster kube) throws Exception {
        this.kube = kube;
        streams.closeAll();
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("crash", false, "DETECT");
        namespace = "payments-" + env;
        String service = scenario.service("crash", LiveLogTailTest.demoSpec(1));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        Set<String> healthy = LiveLogTailTest.awaitPods(scenario, service, env, 1);

        try (Browser browser = Browser.open(port)) {
            String logs = "/services/" + service + "/environments/" + env + "/logs";
            browser.signIn("alice").go(logs);
            browser.waitFor(Duration.ofSeconds(10), d -> browser.text(By.cssSelector("[data-testid=log-state]")).equals("Live"));

            var crashing = new java.util.LinkedHashMap<>(LiveLogTailTest.demoSpec(1));
            crashing.put("config", java.util.Map.of("DEMO_MODE", "crash"));
            int revision = scenario.saveRevision(service, scenario.latestRevision(service), crashing);
            scenario.awaitState(scenario.deploy(service, env, revision), "SYNCED");
            // The new pod joins the open tail, and each start of its container is followed again: two crash lines.
            By crashLines = By.xpath("//div[@data-testid='log-lines']/div[contains(., 'DEMO_MODE=crash, so exiting')]");
            browser.waitFor(Duration.ofSeconds(120), d -> d.findElements(crashLines).size() >= 2);
            String crashPod = browser.driver().findElements(crashLines).get(0).getAttribute("data-pod");
            assertThat(healthy).doesNotContain(crashPod);
            browser.screenshot("logs-crashing");

            // The status carries the previous container's last lines for the team, and leaves them out for others.
            String status = "/api/v1/services/" + service + "/environments/" + env + "/status";
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(scenario.call(get(status), "alice", null, 200).get("previousLogs").toString())
                            .contains("DEMO_MODE=crash"));
            assertThat(scenario.call(get(status), "dave", null, 200).get("previousLogs")).isEmpty();

            browser.go(logs);
            browser.click(By.cssSelector("[data-testid=previous-log]"));
            browser.waitFor(d -> browser.page().contains("DEMO_MODE=crash, so exiting with status 1"));
            assertThat(browser.text(By.cssSelector("h1"))).contains("Previous container").contains(crashPod);
            browser.screenshot("logs-previous");
        }
    }

    private static List<String> visibleLines(Browser browser) {
        return browser.driver().findElements(By.cssSelector("[data-testid=log-lines] .log-line")).stream()
                .filter(WebElement::isDisplayed)
                .map(WebElement::getText)
                .toList();
    }
}
