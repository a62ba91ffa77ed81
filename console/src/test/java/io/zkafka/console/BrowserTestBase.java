package io.zkafka.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.test.ZKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every browser test of the console shares: headless Chromium ({@link HeadlessChromium}; the
 * tests are skipped without it, unless CI requires it), the subclass's cluster, a console in this JVM
 * and an admin client, all started once per class and stopped after; no page may log an error in the
 * browser's console; helpers to open a page, wait for text, read tables and take screenshots (to
 * target/screenshots).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTestBase {
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    ChromeDriver browser;
    ZKafkaCluster cluster;
    ConsoleServer console;
    Admin admin;
    String base;

    /** Why the tests are skipped (no browser here, and CI's ZKAFKA_REQUIRE_EXTERNAL_CLIENTS not set), or null. */
    private String skipReason;

    /** The cluster the console is pointed at. */
    abstract ZKafkaCluster startCluster() throws Exception;

    /** How often the console samples lag and rates. */
    abstract Duration samplingInterval();

    @BeforeAll
    void start() throws Exception {
        try {
            browser = HeadlessChromium.start();
        } catch (TestAbortedException e) {
            skipReason = e.getMessage();
            return;
        }
        cluster = startCluster();
        console = new ConsoleServer(cluster.bootstrapServers(), "127.0.0.1", 0, samplingInterval());
        base = "http://127.0.0.1:" + console.port();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (admin != null) {
            admin.close();
        }
        if (console != null) {
            console.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void needsTheBrowser() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    /** No page may log an error in the browser's console (a failed script or resource, a JS exception). */
    @AfterEach
    void noBrowserConsoleErrors() {
        if (browser == null) {
            return;
        }
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        assertEquals(List.of(), errors, "errors in the browser console");
    }

    /** Loads a page and waits for it; it must not show an error. */
    void open(String path) {
        browser.get(base + path);
        await().until(d -> "complete".equals(browser.executeScript("return document.readyState")));
        assertTrue(browser.findElements(By.cssSelector(".error")).isEmpty(),
            () -> path + " shows an error: " + browser.findElement(By.cssSelector(".error")).getText());
    }

    List<WebElement> rows(String tableId) {
        return browser.findElements(By.cssSelector("#" + tableId + " tbody tr"));
    }

    static List<String> cellTexts(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    /** A wait that reads the page again when htmx swapped an element out from under it. */
    FluentWait<WebDriver> await() {
        return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
    }

    void waitForText(By locator, String expected) {
        await().withMessage(() -> "waiting for '" + expected + "' in " + locator + "; page: "
            + browser.findElement(By.tagName("main")).getText())
            .until(d -> d.findElements(locator).stream().anyMatch(e -> e.getText().equals(expected)));
    }

    void screenshot(String name) {
        try {
            Path file = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
