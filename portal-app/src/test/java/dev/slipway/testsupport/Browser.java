package dev.slipway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.webjars.WebJarVersionLocator;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages, driving the
 * real pages of the running test server. No browser or driver is downloaded. Without them the
 * journey is skipped with one line saying how to install them, except under {@code CI=true}.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "browser-journeys");

    private final WebDriver driver;
    private final String base;
    private final Path profile;

    private Browser(String base) {
        try {
            this.profile = Files.createTempDirectory("slipway-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Flags from this machine's notes: no sandbox as root, and no background connections, which the
        // closed network would refuse many at a time.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.base = base;
    }

    /** A new browser on the test server at {@code port}; skips (or fails in CI) without Chromium. */
    public static Browser open(int port) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String reason = "Debian's chromium and chromium-driver are not installed; run bin/install-test-deps";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and " + reason);
            }
            System.err.println("\n*** SKIPPING browser journeys: " + reason + " ***\n");
            Assumptions.abort(reason);
        }
        return new Browser("http://localhost:" + port);
    }

    public Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    public Browser signIn(String username) {
        go("/login");
        fill("username", username);
        fill("password", username);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(d -> d.findElements(By.cssSelector("[data-testid=signed-in-user]")).size() == 1);
        return this;
    }

    /** Types into the field with this id or name, replacing what was there. */
    public Browser fill(String idOrName, String value) {
        WebElement field = field(idOrName);
        field.clear();
        field.sendKeys(value);
        return this;
    }

    /**
     * Puts {@code value} into the field at once, as pasting does; typing a kubeconfig's certificates key
     * by key takes seconds on a busy machine and proves nothing more.
     */
    public Browser paste(String idOrName, String value) {
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                field(idOrName), value);
        return this;
    }

    /** Chooses the option with this value. */
    public Browser select(String idOrName, String value) {
        new Select(field(idOrName)).selectByValue(value);
        return this;
    }

    public Browser check(String idOrName, boolean checked) {
        WebElement box = field(idOrName);
        if (box.isSelected() != checked) {
            box.click();
        }
        return this;
    }

    /** Clicks the first submit button of the form holding {@code idOrName}, or the element itself. */
    public Browser submit(String idOrName) {
        return submit(field(idOrName));
    }

    /** {@link #submit(String)} for a button or field found some other way, such as by its data-testid. */
    public Browser submit(By by) {
        return submit(driver.findElement(by));
    }

    private Browser submit(WebElement element) {
        WebElement button = element.getTagName().equals("button") ? element
                : element.findElement(By.xpath("ancestor::form//button[@type='submit']"));
        press(button);
        // Wait until the page that sent the form is gone, so the next step never races its answer.
        waitFor(d -> isGone(button));
        return this;
    }

    /**
     * Whether {@code element} belongs to a page that has been replaced. Asked while the new page is being
     * swapped in, Chromium sometimes answers "Node with given id does not belong to the document" instead
     * of a stale-element error; that means the same thing (seen in CI, where it failed a journey).
     */
    static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Clicks as a person would; if something overlaps the element (a sticky bar), clicks it directly. */
    private void press(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        try {
            element.click();
        } catch (org.openqa.selenium.ElementClickInterceptedException e) {
            ((JavascriptExecutor) driver).executeScript("arguments[0].click();", element);
        }
    }

    public Browser click(By by) {
        press(driver.findElement(by));
        return this;
    }

    public String text(By by) {
        return driver.findElement(by).getText();
    }

    public String page() {
        return driver.getPageSource();
    }

    public String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    public <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(Duration.ofSeconds(30), condition);
    }

    /** For what takes longer than a page, such as a sync on a busy machine. */
    public <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        // A condition may look at an element of the page being replaced; asking again answers it.
        return new WebDriverWait(driver, timeout).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    /** A response the page's own script received; {@code body} is the text of it. */
    public record Fetched(int status, String contentType, String disposition, String body) {}

    /**
     * GETs {@code path} from inside the page, with the browser's session, as a download link would: the
     * headless browser saves downloads nowhere a test can read them.
     */
    public Fetched fetch(String path) {
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        @SuppressWarnings("unchecked")
        var answer = (java.util.Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {credentials: 'same-origin'})
                    .then(r => r.text().then(body => done({status: r.status, type: r.headers.get('Content-Type'),
                        disposition: r.headers.get('Content-Disposition'), body: body})))
                    .catch(e => done({status: -1, body: String(e)}));
                """, path);
        return new Fetched(((Number) answer.get("status")).intValue(), (String) answer.get("type"),
                (String) answer.get("disposition"), (String) answer.get("body"));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Saves what the person sees now into target/browser-journeys/NAME.png. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Saves the page as a phone shows it (390 CSS pixels wide) into target/browser-journeys/NAME-390.png,
     * whole (as tall as the page), then goes back to the desktop window.
     */
    public Path screenshotAtPhoneWidth(String name) {
        var window = driver.manage().window();
        var desktop = window.getSize();
        try {
            window.setSize(new org.openqa.selenium.Dimension(390, 844));
            Number height = (Number) ((JavascriptExecutor) driver).executeScript(
                    "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);");
            window.setSize(new org.openqa.selenium.Dimension(390, Math.min(6000, height.intValue() + 120)));
            return screenshot(name + "-390");
        } finally {
            window.setSize(desktop);
        }
    }

    /**
     * Runs axe-core inside the page as it is now and fails with a readable list (rule, impact, elements,
     * help) when it finds any serious or critical violation; lesser ones are printed, left to judgement.
     */
    public Browser assertAccessible(String pageName) {
        var script = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(script.executeScript("return typeof window.axe === 'object';"))) {
            script.executeScript(Axe.SCRIPT.source);
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        @SuppressWarnings("unchecked")
        var found = (List<Map<String, Object>>) script.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                    .then(r => done(r.violations
                        .map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                            targets: v.nodes.map(n => n.target.join(' '))}))))
                    .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), helpUrl: '',
                        targets: []}]));
                """);
        var failing = found.stream()
                .filter(v -> "serious".equals(v.get("impact")) || "critical".equals(v.get("impact")))
                .toList();
        found.stream().filter(v -> !failing.contains(v)).forEach(v -> System.err.println("axe on " + pageName
                + ": " + v.get("id") + " [" + v.get("impact") + "] " + v.get("help") + " at " + v.get("targets")));
        if (!failing.isEmpty()) {
            StringBuilder report = new StringBuilder(pageName + " (" + path() + ") has " + failing.size()
                    + " serious or critical accessibility violation(s):");
            for (Map<String, Object> violation : failing) {
                report.append("\n- ").append(violation.get("id")).append(" [").append(violation.get("impact"))
                        .append("] ").append(violation.get("help")).append(" (").append(violation.get("helpUrl"))
                        .append(")");
                for (Object target : (List<?>) violation.get("targets")) {
                    report.append("\n    at ").append(target);
                }
            }
            throw new AssertionError(report.toString());
        }
        return this;
    }

    /** {@link #assertAccessible(String)} with the page shown 390 CSS pixels wide, as on a phone. */
    public Browser assertAccessibleAtPhoneWidth(String pageName) {
        var window = driver.manage().window();
        var desktop = window.getSize();
        try {
            window.setSize(new org.openqa.selenium.Dimension(390, 844));
            return assertAccessible(pageName + " at 390 px");
        } finally {
            window.setSize(desktop);
        }
    }

    /** Fails when the page, shown 390 CSS pixels wide, scrolls sideways: then something is off-screen. */
    public Browser assertFitsPhoneWidth(String pageName) {
        return assertFitsWidth(pageName, 390);
    }

    /** Fails when the page, in a window {@code width} CSS pixels wide, scrolls sideways. */
    public Browser assertFitsWidth(String pageName, int width) {
        var window = driver.manage().window();
        var desktop = window.getSize();
        try {
            window.setSize(new org.openqa.selenium.Dimension(width, 844));
            @SuppressWarnings("unchecked")
            var widths = (Map<String, Number>) ((JavascriptExecutor) driver).executeScript(
                    "return {page: document.documentElement.scrollWidth,"
                            + " viewport: document.documentElement.clientWidth};");
            if (widths.get("page").intValue() > widths.get("viewport").intValue()) {
                throw new AssertionError(pageName + " (" + path() + ") is " + widths.get("page")
                        + " px wide in a window " + width + " px wide, wider than the " + widths.get("viewport") + " px shown");
            }
        } finally {
            window.setSize(desktop);
        }
        return this;
    }

    /** axe-core's script, from its webjar on the test classpath, read once. */
    private enum Axe {
        SCRIPT;

        private final String source;

        Axe() {
            String path = new WebJarVersionLocator().fullPath("axe-core", "axe.min.js");
            if (path == null) {
                throw new IllegalStateException("axe-core's webjar is not on the test classpath");
            }
            try (var in = Browser.class.getClassLoader().getResourceAsStream(path)) {
                this.source = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private WebElement field(String idOrName) {
        var byId = driver.findElements(By.id(idOrName));
        return byId.isEmpty() ? driver.findElement(By.name(idOrName)) : byId.get(0);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
