package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for browser tests, from the distribution's packages ({@code
 * scripts/install-chromium.sh}). Without Chromium or chromedriver a test is skipped with a visible
 * message, except in CI ({@code CI=true}), where it fails: CI must always prove the browser path.
 * Selenium Manager never runs, because the driver's path is always given: nothing outside the
 * package registries is reachable here, and a test must not download browsers anyway.
 */
public final class HeadlessChromium {

  /** Where Debian's {@code chromium} package puts the browser; {@code CHROMIUM_BIN} overrides. */
  public static final String DEFAULT_BROWSER = "/usr/bin/chromium";

  /** Where Debian's {@code chromium-driver} package puts the driver; {@code CHROMEDRIVER} too. */
  public static final String DEFAULT_DRIVER = "/usr/bin/chromedriver";

  private final Path browser;
  private final Path driver;

  private HeadlessChromium(Path browser, Path driver) {
    this.browser = browser;
    this.driver = driver;
  }

  /** The installed browser and driver, or skip (fail in CI) when either is missing. */
  public static HeadlessChromium installedOrSkip() {
    return new HeadlessChromium(
        executableOrSkip("CHROMIUM_BIN", DEFAULT_BROWSER),
        executableOrSkip("CHROMEDRIVER", DEFAULT_DRIVER));
  }

  /**
   * Starts a headless browser with a fresh profile in {@code profileDir}, logging the driver to
   * {@code driverLog}.
   */
  public ChromeDriver start(Path profileDir, Path driverLog) throws IOException {
    Files.createDirectories(profileDir);
    Files.createDirectories(driverLog.getParent());

    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile())
            .usingAnyFreePort()
            .withLogFile(driverLog.toFile())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root, where Chromium's sandbox cannot start
        "--disable-gpu",
        "--disable-dev-shm-usage", // containers have a tiny /dev/shm
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking", // nothing but loopback is reachable
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000", // the UI's desktop layout, as the README's clicks describe
        "--user-data-dir=" + profileDir.toAbsolutePath());
    ChromeDriver chrome = new ChromeDriver(service, options);
    // Slow shared machines: a page load may take a while, but never forever.
    chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(90));
    return chrome;
  }

  private static Path executableOrSkip(String variable, String defaultPath) {
    Path path = Path.of(System.getenv().getOrDefault(variable, defaultPath));
    if (!Files.isExecutable(path)) {
      String message =
          path
              + " is missing: browser tests need Debian's Chromium and chromedriver"
              + " (scripts/install-chromium.sh, or set "
              + variable
              + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      System.err.println("SKIPPED: " + message);
      assumeTrue(false, message);
    }
    return path;
  }
}
