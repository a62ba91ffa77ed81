package io.zkafka.console;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} and {@code chromium-driver}, installed by {@code .ci/run}, driven
 * headless through Selenium; nothing is downloaded (both paths are given, so Selenium Manager stays
 * out). Where {@code ZKAFKA_REQUIRE_EXTERNAL_CLIENTS} is set (CI), a missing browser fails the test;
 * elsewhere the test is skipped with the install command.
 */
final class HeadlessChromium {
    static final String INSTALL = "apt-get install -y chromium chromium-driver";

    private HeadlessChromium() {
    }

    static ChromeDriver start() {
        Path browser = onPath(List.of("chromium", "chromium-browser"));
        Path driver = onPath(List.of("chromedriver"));
        if (browser == null || driver == null) {
            String what = (browser == null ? "chromium" : "chromedriver") + " is not installed";
            if (System.getenv("ZKAFKA_REQUIRE_EXTERNAL_CLIENTS") != null) {
                fail(what + " but ZKAFKA_REQUIRE_EXTERNAL_CLIENTS is set; " + INSTALL);
            }
            Assumptions.abort(what + "; " + INSTALL + " (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1280,900", "--disable-extensions", "--no-first-run");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
            .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Path onPath(List<String> names) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
