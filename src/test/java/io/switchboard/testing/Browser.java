package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's Chromium driven through its chromedriver (Debian's {@code chromium} and {@code chromium-driver}
 * packages; {@code .ci/run} installs them): nothing is downloaded at run time. The console is built of web
 * components, so elements are found across shadow roots ({@link #find}).
 */
public final class Browser implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");

    /** Finds the first element matching a selector in the document or any shadow root below it. */
    private static final String DEEP_QUERY = """
            const deep = (root, selector) => {
              const hit = root.querySelector(selector);
              if (hit) return hit;
              for (const el of root.querySelectorAll('*')) {
                if (el.shadowRoot) {
                  const found = deep(el.shadowRoot, selector);
                  if (found) return found;
                }
              }
              return null;
            };
            const all = (root, selector, out) => {
              out.push(...root.querySelectorAll(selector));
              for (const el of root.querySelectorAll('*')) if (el.shadowRoot) all(el.shadowRoot, selector, out);
              return out;
            };
            """;

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    public static Browser start(int width, int height) {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException("The browser tests need Chromium and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver (as .ci/run does)");
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--lang=en-US",
                        "--window-size=" + width + "," + height);
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "en-US,en"));
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Browser(driver);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** The element, searched through shadow roots; null when there is none. */
    public WebElement find(String selector) {
        return (WebElement) driver.executeScript(DEEP_QUERY + "return deep(document, arguments[0]);", selector);
    }

    /**
     * Clicks the element, searched through shadow roots, once scrolled into the middle of its scrolling container
     * (screens scroll inside the console's frame, where the driver's own scrolling does not always reach).
     */
    public void click(String selector) {
        WebElement element = find(selector);
        if (element == null) {
            throw new org.openqa.selenium.NoSuchElementException("No element matches " + selector);
        }
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    @SuppressWarnings("unchecked")
    public List<WebElement> findAll(String selector) {
        return (List<WebElement>)
                driver.executeScript(DEEP_QUERY + "return all(document, arguments[0], []);", selector);
    }

    /** The visible text of the first element matching the selector, or "" when there is none. */
    public String text(String selector) {
        Object text = driver.executeScript(
                DEEP_QUERY
                        + "const el = deep(document, arguments[0]); return el ? el.innerText || el.textContent : '';",
                selector);
        return text == null ? "" : text.toString();
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Writes a screenshot of the window to target/console-screenshots/{name}.png. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A browser scenario. */
    @FunctionalInterface
    public interface Scenario {
        void run() throws Exception;
    }

    /**
     * Runs the scenario; when it fails, keeps a screenshot ({name}-failure.png) and prints the page's console log and
     * address, which is what one looks at first.
     */
    public void onFailure(String name, Scenario scenario) throws Exception {
        try {
            scenario.run();
        } catch (Exception | AssertionError e) {
            try {
                screenshot(name + "-failure");
                System.out.println("Browser at " + driver.getCurrentUrl() + "; its console:");
                driver.manage().logs().get("browser").forEach(entry -> System.out.println("  " + entry));
            } catch (RuntimeException diagnostics) {
                e.addSuppressed(diagnostics);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
