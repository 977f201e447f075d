package org.gridcast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian chromium at 390 x 844 (a phone), driven through {@code /usr/bin/chromedriver}
 * so Selenium Manager downloads nothing. Each Browser has a profile of its own, so it is one device
 * of the app. It collects the page's console and fails the test on any SEVERE entry when closed
 * (or when {@link #assertNoConsoleErrors} is asked), saves screenshots to {@code docs/screenshots}
 * when {@code -Dgridcast.screenshots=docs/screenshots} is given (else {@code target/screenshots}).
 *
 * <p>Without chromium or chromedriver the browser tests are skipped, unless the environment says
 * {@code GRIDCAST_BROWSER_TESTS=required} (CI): then they fail.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final int WIDTH = 390;
    public static final int HEIGHT = 844;
    /** Bounds every wait, so a broken page fails a test instead of hanging it. */
    public static final Duration WAIT = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> console = new ArrayList<>();
    private final List<Pattern> expectedErrors = new ArrayList<>();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test (or fails it, when required) if the browser is not installed. */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "required".equals(System.getenv("GRIDCAST_BROWSER_TESTS"))) {
            throw new AssertionError("GRIDCAST_BROWSER_TESTS=required but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(installed, "chromium and chromedriver not installed: browser tests skipped");
    }

    /** A new browser with an empty profile (a new device). */
    public static Browser start() {
        assumeInstalled();
        Path profile;
        try {
            profile = Files.createTempDirectory("gridcast-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + WIDTH + "," + HEIGHT, "--lang=zh-CN", "--user-data-dir=" + profile,
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows");
        // headless chromium keeps windows at least 500 px wide: the phone's viewport is emulated
        options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                Map.of("width", WIDTH, "height", HEIGHT, "pixelRatio", 1.0, "mobile", true, "touch", true)));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        return new Browser(driver, profile);
    }

    public WebDriver driver() {
        return driver;
    }

    public void get(String url) {
        driver.get(url);
    }

    /** The element with {@code data-testid=id}, waited for. */
    public WebElement testid(String id) {
        return waitFor(d -> d.findElement(byTestid(id)));
    }

    public static By byTestid(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Waits until {@code condition} returns non-null and not false; fails after {@link #WAIT}. */
    public <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(WAIT, condition);
    }

    public <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        // A screen may redraw between finding an element and reading it: ask again, as a person would look again.
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Waits until the element's text equals {@code text}. */
    public void waitForText(String testid, String text) {
        waitFor(d -> {
            List<WebElement> found = d.findElements(byTestid(testid));
            return !found.isEmpty() && found.get(0).getText().equals(text);
        });
    }

    public String text(String testid) {
        return testid(testid).getText();
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    public Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** What a finger taps: the controls the app draws, measured as laid out. */
    private static final String TAP_TARGETS = "button, a.tab, a.notice-link, a.back, a.button, select, textarea,"
            + " input:not([type=checkbox]):not([type=radio]):not([type=file]), label.check, label.segment span";

    /**
     * Fails unless every visible control on the page is at least {@code minPx} tall and wide
     * (checkboxes and radios count by their label, which is what takes the tap).
     */
    public void assertTouchTargets(int minPx) {
        @SuppressWarnings("unchecked")
        List<String> small = (List<String>) script("const min = arguments[0], out = [];"
                + "for (const el of document.querySelectorAll(arguments[1])) {"
                + "  const r = el.getBoundingClientRect();"
                + "  if (r.width === 0 && r.height === 0) continue;"
                + "  if (r.height < min - 0.5 || r.width < min - 0.5)"
                + "    out.push(el.tagName + '.' + el.className + ' \"' + el.textContent.trim().slice(0, 20) + '\" '"
                + "      + Math.round(r.width) + 'x' + Math.round(r.height));"
                + "}"
                + "return out;", minPx, TAP_TARGETS);
        assertThat(small).as("controls smaller than %d px", minPx).isEmpty();
    }

    /** Fails unless every visible form field has a label (a {@code <label>} or an aria-label). */
    public void assertFieldsLabelled() {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) script("const out = [];"
                + "for (const el of document.querySelectorAll('input, select, textarea')) {"
                + "  if (el.type === 'hidden' || el.closest('[hidden]')) continue;"
                + "  if ((el.labels && el.labels.length) || el.getAttribute('aria-label')) continue;"
                + "  out.push(el.outerHTML.slice(0, 80));"
                + "}"
                + "return out;");
        assertThat(unlabelled).as("form fields without a label").isEmpty();
    }

    /**
     * Console entries at SEVERE matching {@code pattern} are expected (a WebSocket refused while
     * the test restarts the server): they do not fail the test.
     */
    public void expectConsoleError(Pattern pattern) {
        expectedErrors.add(pattern);
    }

    /** Reads the console so far; fails on any unexpected SEVERE entry. */
    public void assertNoConsoleErrors() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            console.add(e.getLevel() + " " + e.getMessage());
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()
                    && expectedErrors.stream().noneMatch(p -> p.matcher(e.getMessage()).find())) {
                throw new AssertionError("browser console error: " + e.getMessage() + "\nconsole so far:\n"
                        + String.join("\n", console));
            }
        }
    }

    public List<String> console() {
        return List.copyOf(console);
    }

    /** Saves the page as {@code <dir>/<name>.png}; dir from {@code -Dgridcast.screenshots}. */
    public Path screenshot(String name) {
        Path dir = Path.of(System.getProperty("gridcast.screenshots", "target/screenshots"));
        if (!dir.isAbsolute() && System.getProperty("gridcast.screenshots") != null) {
            // relative to the repository root, where `mvn -Dgridcast.screenshots=docs/screenshots` runs
            Path root = Path.of("").toAbsolutePath();
            if (root.getFileName() != null && root.getFileName().toString().equals("server")) {
                root = root.getParent();
            }
            dir = root.resolve(dir);
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            assertThat(file).isNotEmptyFile();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks the console one last time and quits; the profile is deleted. */
    @Override
    public void close() {
        try {
            assertNoConsoleErrors();
        } finally {
            driver.quit();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
