package dev.oncelane.workers.it;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Temporal Web UI (2.42, embedded in {@code temporal server start-dev}) as an operator uses it:
 * the workflow list filtered by a visibility query, a workflow's page, and its "Send a Signal"
 * dialog. Selectors are the UI's own {@code data-testid} and ARIA attributes; the UI renders some
 * controls twice (desktop and narrow layouts), so every lookup takes the visible one.
 */
public final class TemporalWebUi {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final Duration RELOAD_AFTER = Duration.ofSeconds(10);

  private static final By ACTIONS_MENU = By.cssSelector("button[aria-controls='workflow-actions']");
  private static final By SEND_SIGNAL = By.cssSelector("[data-testid='signal-button']");
  private static final String SIGNAL_DIALOG = "[data-testid='signal-confirmation-modal'] ";
  private static final By SIGNAL_NAME =
      By.cssSelector(SIGNAL_DIALOG + "[data-testid='signal-name']");
  private static final By SIGNAL_SELECT =
      By.cssSelector(SIGNAL_DIALOG + "[data-testid='signal-select-button']");
  private static final By SIGNAL_INPUT =
      By.cssSelector(SIGNAL_DIALOG + "[role='textbox'][data-language='json']");
  private static final By SIGNAL_SUBMIT =
      By.cssSelector(SIGNAL_DIALOG + "[data-testid='confirm-modal-button']");
  private static final By WORKFLOW_HEADING = By.cssSelector("[data-testid='workflow-id-heading']");

  private final WebDriver browser;
  private final String baseUrl;
  private final String namespace;
  private final Path screenshots;
  private Instant lastLoad = Instant.EPOCH;

  /**
   * @param browser the browser to drive
   * @param baseUrl the UI's root, e.g. {@code http://127.0.0.1:8233}
   * @param namespace the Temporal namespace
   * @param screenshots where {@link #screenshot} writes its PNGs
   */
  public TemporalWebUi(WebDriver browser, String baseUrl, String namespace, Path screenshots) {
    this.browser = browser;
    this.baseUrl = baseUrl;
    this.namespace = namespace;
    this.screenshots = screenshots;
  }

  /**
   * Opens the workflow list filtered by {@code query} and waits (reloading, since visibility is
   * eventually consistent) until {@code workflowId} is listed. The list stays open.
   */
  public void awaitListed(String query, String workflowId) {
    load(listUrl(query));
    waitFor(workflowId + " never appeared in the list for " + query)
        .until(driver -> visibleOrReload(driver, By.linkText(workflowId)));
  }

  /** Whether the list on screen shows {@code workflowId}. */
  public boolean listedNow(String workflowId) {
    return visible(browser, By.linkText(workflowId)).isPresent();
  }

  /** Opens the list for {@code query} and waits (reloading) until it has no results at all. */
  public void awaitEmptyList(String query) {
    load(listUrl(query));
    waitFor("the list for " + query + " never emptied")
        .until(driver -> visibleOrReload(driver, By.xpath("//*[normalize-space()='No Results']")));
  }

  /** Opens a listed workflow by clicking its id in the list, and waits for its page. */
  public void openFromList(String workflowId) {
    waitFor(workflowId + " is not listed")
        .until(driver -> visibleOrNull(driver, By.linkText(workflowId)))
        .click();
    waitFor("the page of " + workflowId + " did not open")
        .until(ExpectedConditions.textToBePresentInElementLocated(WORKFLOW_HEADING, workflowId));
  }

  /**
   * On a workflow's page: More Actions → Send a Signal, chooses the signal, types the JSON input,
   * screenshots the filled dialog as {@code filledShot}, submits, and waits until the dialog
   * closes.
   */
  public void sendSignal(String name, String jsonInput, String filledShot) {
    clickVisible(ACTIONS_MENU);
    clickVisible(SEND_SIGNAL);
    chooseSignal(name);
    clickVisible(SIGNAL_INPUT).sendKeys(jsonInput);
    // The input is a code editor that pretty-prints its JSON when it loses focus, and the dialog
    // grows: a click that blurs it lands where the button no longer is (on the backdrop, which
    // closes the dialog). So blur it without a click, and click once the dialog stands still.
    ((JavascriptExecutor) browser).executeScript("document.activeElement.blur()");
    awaitStill(SIGNAL_SUBMIT);
    screenshot(filledShot);
    clickVisible(SIGNAL_SUBMIT);
    waitFor("the Send a Signal dialog did not close: was the signal refused?")
        .until(driver -> visible(driver, SIGNAL_SUBMIT).isEmpty());
  }

  /**
   * Picks the signal by name. When a worker answers the UI's metadata query, the UI offers the
   * workflow's declared signals in a drop-down; without one it shows a free-text name field.
   */
  private void chooseSignal(String name) {
    waitFor("could not choose the signal " + name)
        .until(
            driver -> {
              Optional<WebElement> select = visible(driver, SIGNAL_SELECT);
              if (select.isPresent()) {
                WebElement chosen = select.get().findElement(By.tagName("input"));
                if (name.equals(chosen.getDomProperty("value"))) {
                  return true;
                }
                select.get().click();
                By option =
                    By.xpath(
                        "//ul[@id='signal-select-select']/li[@role='option'][normalize-space()='"
                            + name
                            + "']");
                try {
                  new WebDriverWait(driver, Duration.ofSeconds(10))
                      .until(d -> visibleOrNull(d, option))
                      .click();
                } catch (TimeoutException menuDidNotOpen) {
                  // the next round clicks the drop-down again
                }
                return false;
              }
              Optional<WebElement> field = visible(driver, SIGNAL_NAME);
              if (field.isPresent()) {
                if (name.equals(field.get().getDomProperty("value"))) {
                  return true;
                }
                field.get().clear();
                field.get().sendKeys(name);
              }
              return false;
            });
  }

  /** Waits until the visible element matching {@code locator} is where it was a poll ago. */
  private void awaitStill(By locator) {
    Rectangle[] last = {null};
    waitFor(locator + " kept moving")
        .until(
            driver -> {
              Rectangle now = visible(driver, locator).map(WebElement::getRect).orElse(null);
              boolean still = now != null && now.equals(last[0]);
              last[0] = now;
              return still;
            });
  }

  /** Opens a workflow run's page by its URL and waits until the page names the workflow. */
  public void openWorkflow(String workflowId, String runId) {
    load(
        baseUrl
            + "/namespaces/"
            + namespace
            + "/workflows/"
            + URLEncoder.encode(workflowId, StandardCharsets.UTF_8)
            + "/"
            + runId
            + "/history");
    waitFor("the page of " + workflowId + " did not open")
        .until(ExpectedConditions.textToBePresentInElementLocated(WORKFLOW_HEADING, workflowId));
  }

  /** Reloads the open page until its visible text contains {@code text} anywhere. */
  public void awaitTextContaining(String text) {
    waitFor("the page never showed " + text)
        .until(
            driver -> {
              if (visibleText().contains(text)) {
                return true;
              }
              reloadIfStale(driver);
              return null;
            });
  }

  /** Reloads the open page until an element with exactly this text is visible, e.g. a status. */
  public void awaitText(String text) {
    waitFor("the page never showed " + text)
        .until(
            driver -> visibleOrReload(driver, By.xpath("//*[normalize-space()='" + text + "']")));
  }

  /** All the text the open page shows. */
  public String visibleText() {
    return browser.findElement(By.tagName("body")).getText();
  }

  /** Saves what the browser shows as {@code <name>.png}; a failed capture is only reported. */
  public void screenshot(String name) {
    try {
      Files.createDirectories(screenshots);
      byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
      Files.write(screenshots.resolve(name + ".png"), png);
    } catch (IOException | RuntimeException e) {
      System.err.println("could not save screenshot " + name + ": " + e);
    }
  }

  /** Saves the page's DOM as {@code <name>.html}, to see which selector broke. */
  public void savePageSource(String name) {
    try {
      Files.createDirectories(screenshots);
      Files.writeString(screenshots.resolve(name + ".html"), browser.getPageSource());
    } catch (IOException | RuntimeException e) {
      System.err.println("could not save page source " + name + ": " + e);
    }
  }

  private String listUrl(String query) {
    return baseUrl
        + "/namespaces/"
        + namespace
        + "/workflows?query="
        + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private WebElement clickVisible(By locator) {
    WebElement element =
        waitFor("nothing visible and enabled matches " + locator)
            .until(driver -> visible(driver, locator).filter(WebElement::isEnabled).orElse(null));
    element.click();
    return element;
  }

  private WebDriverWait waitFor(String failure) {
    WebDriverWait wait = new WebDriverWait(browser, PATIENCE, POLL);
    wait.withMessage(failure);
    // A reload or a re-render may replace an element between finding it and asking about it.
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /**
   * The visible element, else null after reloading the page, if the last reload is long enough ago
   * for a slow machine to have rendered it.
   */
  private WebElement visibleOrReload(WebDriver driver, By locator) {
    Optional<WebElement> element = visible(driver, locator);
    if (element.isEmpty()) {
      reloadIfStale(driver);
    }
    return element.orElse(null);
  }

  /** Reloads the page if the last load is long enough ago for a slow machine to have rendered. */
  private void reloadIfStale(WebDriver driver) {
    if (Instant.now().isAfter(lastLoad.plus(RELOAD_AFTER))) {
      driver.navigate().refresh();
      lastLoad = Instant.now();
    }
  }

  private void load(String url) {
    browser.get(url);
    lastLoad = Instant.now();
  }

  private static WebElement visibleOrNull(WebDriver driver, By locator) {
    return visible(driver, locator).orElse(null);
  }

  private static Optional<WebElement> visible(WebDriver driver, By locator) {
    return driver.findElements(locator).stream().filter(WebElement::isDisplayed).findFirst();
  }
}
