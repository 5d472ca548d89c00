package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.dev.DevOptions;
import dev.oncelane.workers.dev.DevStack;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The operator's route through the real Temporal Web UI: a contact event stuck in manual review is
 * found in the UI's workflow list by its search attribute ({@code OncelaneStatus="manual_review"}),
 * and resolved there with the {@code decide} signal. Runs the dev stack (real {@code temporal
 * server start-dev}, sandbox, SQLite ledger, worker, relay) in this JVM and headless Chromium;
 * screenshots of each step land in {@code target/webui-screenshots/}.
 */
class WebUiReviewIT {

  private static final String REVIEW_QUEUE = "OncelaneStatus=\"manual_review\"";
  private static final String OPERATOR = "web-ui-operator";
  private static final Duration CROSS_PROCESS = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dataDir;

  @Test
  void anOperatorFindsTheReviewByItsSearchAttributeAndAdoptsAContactWithTheDecideSignal()
      throws Exception {
    HeadlessChromium chromium = HeadlessChromium.installedOrSkip();
    Map<String, String> env =
        Map.of(
            "PATH", System.getenv().getOrDefault("PATH", ""),
            "TEMPORAL_CLI", RealTemporal.binaryOrSkip().toString(),
            // No fixed metrics port: tests run beside each other.
            "ONCELANE_METRICS_PORT", "0");
    DevOptions options =
        new DevOptions(dataDir, 0, RealTemporal.freePort(), RealTemporal.freePort(), 0, 11, false);
    Path screenshots = freshScreenshotDir();

    try (DevStack stack = DevStack.start(options, LaneEnvironment.fromEnv(env), System.out);
        HikariDataSource ledgerData = LedgerDataSources.open(stack.ledgerUrl())) {
      JdbcLedger ledger = new JdbcLedger(ledgerData);
      SandboxServer sandbox = stack.sandbox().orElseThrow();

      // The CRM holds a contact the lane cannot see by email: its create answers 409 without an
      // id, the re-lookups find nothing, and the event waits in manual review.
      plantHiddenContact(sandbox, "hidden@example.com");
      String adoptable = createContact(sandbox, "adopt-me@example.com", "Before");
      String reviewId = deliver(stack, "evt-webui-review", "hidden@example.com", "Hidde");
      String settledId = deliver(stack, "evt-webui-settled", "settled@example.com", "Sett");
      awaitLedger(ledger, settledId, row -> row.status() == SyncStatus.COMPLETED);
      awaitLedger(ledger, reviewId, row -> row.status() == SyncStatus.MANUAL_REVIEW);

      ChromeDriver chrome =
          chromium.start(
              dataDir.resolve("chromium-profile"), screenshots.resolve("chromedriver.log"));
      TemporalWebUi ui =
          new TemporalWebUi(chrome, stack.temporal().uiUrl(), "default", screenshots);
      try {
        ui.awaitListed(REVIEW_QUEUE, reviewId);
        ui.screenshot("1-review-queue");
        assertFalse(ui.listedNow(settledId), "a completed event is not in the review queue");

        ui.openFromList(reviewId);
        ui.screenshot("2-workflow-in-review");
        ui.sendSignal(
            "decide",
            "{\"action\":\"adopt\",\"crmId\":\""
                + adoptable
                + "\",\"by\":\""
                + OPERATOR
                + "\",\"note\":\"from the browser\"}",
            "3-send-a-signal");

        LedgerRow resolved =
            awaitLedger(ledger, reviewId, row -> row.status() == SyncStatus.RESOLVED_AFTER_409);
        assertEquals(adoptable, resolved.crmId());
        List<Transition> trail = ledger.trail(reviewId);
        assertTrue(
            trail.stream()
                .anyMatch(
                    step ->
                        step.from() == SyncStatus.MANUAL_REVIEW
                            && step.to() == SyncStatus.RESOLVED_AFTER_409
                            && step.actor().equals(OPERATOR)),
            "the trail records the operator's decision: " + trail);
        assertEquals("Hidde", firstname(sandbox, adoptable), "the event was written to it");

        ui.awaitText("Completed");
        ui.screenshot("4-workflow-completed");
        assertTrue(
            ui.visibleText().contains("RESOLVED_AFTER_409"), "the UI shows the workflow's result");
        ui.awaitEmptyList(REVIEW_QUEUE);
        ui.screenshot("5-review-queue-empty");
      } catch (Throwable failure) {
        ui.screenshot("failure");
        ui.savePageSource("failure");
        throw failure;
      } finally {
        chrome.quit();
      }
    }
  }

  /** {@code target/webui-screenshots}, emptied of an earlier run's pictures. */
  private static Path freshScreenshotDir() throws IOException {
    Path dir =
        Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("target")
            .resolve("webui-screenshots");
    Files.createDirectories(dir);
    try (Stream<Path> old = Files.list(dir)) {
      for (Path file : old.toList()) {
        Files.deleteIfExists(file);
      }
    }
    return dir;
  }

  /** Delivers a contact event through the relay; returns its workflow id. */
  private String deliver(DevStack stack, String key, String email, String firstname)
      throws IOException, InterruptedException {
    String body =
        "{\"type\":\"contact.upsert\",\"occurredAt\":\"2026-11-22T10:00:00Z\",\"email\":\""
            + email
            + "\",\"properties\":{\"firstname\":\""
            + firstname
            + "\"}}";
    HttpResponse<String> answer =
        post(
            "http://127.0.0.1:" + stack.relayPort() + "/webhooks/generic",
            body,
            "Idempotency-Key",
            key);
    assertEquals(202, answer.statusCode(), answer.body());
    return JSON.readTree(answer.body()).path("workflowId").asText();
  }

  private void plantHiddenContact(SandboxServer sandbox, String email)
      throws IOException, InterruptedException {
    HttpResponse<String> answer =
        post(sandbox.baseUrl() + "/__sandbox/hidden-contacts", "{\"email\":\"" + email + "\"}");
    assertEquals(201, answer.statusCode(), answer.body());
  }

  /** Creates a contact the operator can adopt; returns its CRM id. */
  private String createContact(SandboxServer sandbox, String email, String firstname)
      throws IOException, InterruptedException {
    HttpResponse<String> answer =
        post(
            sandbox.baseUrl() + "/crm/v3/objects/contacts",
            "{\"properties\":{\"email\":\"" + email + "\",\"firstname\":\"" + firstname + "\"}}",
            "Authorization",
            "Bearer " + SandboxOptions.DEFAULT_TOKEN);
    assertEquals(201, answer.statusCode(), answer.body());
    return JSON.readTree(answer.body()).path("id").asText();
  }

  private static String firstname(SandboxServer sandbox, String crmId) {
    return sandbox.contacts().stream()
        .filter(contact -> crmId.equals(contact.get("id")))
        .map(contact -> JSON.valueToTree(contact.get("properties")))
        .map(properties -> ((JsonNode) properties).path("firstname").asText())
        .findFirst()
        .orElseThrow(() -> new AssertionError("the sandbox has no contact " + crmId));
  }

  /** POSTs JSON with extra headers given as name, value pairs. */
  private HttpResponse<String> post(String url, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static LedgerRow awaitLedger(JdbcLedger ledger, String id, Predicate<LedgerRow> done) {
    return await(
        () -> ledger.find(id).filter(done),
        () -> "ledger row " + id + " did not reach the expected state; it is " + ledger.find(id));
  }

  private static <T> T await(Supplier<Optional<T>> probe, Supplier<String> failure) {
    Instant deadline = Instant.now().plus(CROSS_PROCESS);
    while (Instant.now().isBefore(deadline)) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(failure.get() + " (waited " + CROSS_PROCESS + ")");
  }
}
