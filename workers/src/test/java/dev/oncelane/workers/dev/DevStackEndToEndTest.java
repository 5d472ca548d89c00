package dev.oncelane.workers.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workers.codec.AesGcmPayloadCodec;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workflows.ledger.SyncStatus;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole lane over real sockets, as {@code oncelane dev --in-memory} runs it: relay → Temporal
 * (port-bound test server) → worker → HubSpot sandbox, with the SQLite ledger.
 */
class DevStackEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private static DevStack stack;
  private static HikariDataSource ledgerData;
  private static JdbcLedger ledger;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startStack() throws IOException {
    DevOptions options = new DevOptions(dataDir, 0, freePort(), 0, 0, 7, true);
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", ""));
    // No fixed metrics port: tests run beside each other.
    env.put("ONCELANE_METRICS_PORT", "0");
    stack =
        DevStack.start(
            options,
            LaneEnvironment.fromEnv(env),
            new PrintStream(new ByteArrayOutputStream(), true));
    ledgerData = LedgerDataSources.open(LedgerDataSources.defaultUrl(dataDir));
    ledger = new JdbcLedger(ledgerData);
  }

  @AfterAll
  static void stopStack() {
    if (ledgerData != null) {
      ledgerData.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void anEventBecomesOneContactAndItsRedeliveryIsADuplicate() throws Exception {
    String body = event("first@example.com", "Ada");

    HttpResponse<String> first = deliver("evt-first", body);
    assertEquals(202, first.statusCode(), first.body());
    assertEquals("accepted", json(first).path("status").asText());
    assertEquals("generic:evt-first", json(first).path("workflowId").asText());

    LedgerRow row = awaitLedger("generic:evt-first", r -> r.status() == SyncStatus.COMPLETED);
    assertEquals(1, stack.sandbox().orElseThrow().contactCount("first@example.com"));

    HttpResponse<String> again = deliver("evt-first", body);
    assertEquals(200, again.statusCode(), again.body());
    assertEquals("duplicate", json(again).path("status").asText());
    assertEquals(
        json(first).path("runId").asText(), json(again).path("runId").asText(), "same run");
    assertEquals(1, stack.sandbox().orElseThrow().contactCount("first@example.com"));
    assertEquals(row.crmId(), ledger.find("generic:evt-first").orElseThrow().crmId());
  }

  @Test
  void devModeEncryptsPayloadsAndItsCodecServerDecodesThemWithTheTokenItKeeps() throws Exception {
    HttpResponse<String> accepted = deliver("evt-codec", event("codec@example.com", "Cody"));
    assertEquals(202, accepted.statusCode(), accepted.body());
    awaitLedger("generic:evt-codec", r -> r.status() == SyncStatus.COMPLETED);

    Payloads input;
    try (TemporalConnection plain =
        TemporalConnection.connect(stack.temporal().address(), "default")) {
      input =
          plain
              .service()
              .blockingStub()
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(
                          WorkflowExecution.newBuilder().setWorkflowId("generic:evt-codec"))
                      .build())
              .getHistory()
              .getEvents(0)
              .getWorkflowExecutionStartedEventAttributes()
              .getInput();
    }
    assertTrue(AesGcmPayloadCodec.isEncrypted(input.getPayloads(0)));
    assertFalse(input.toByteString().toStringUtf8().contains("codec@example.com"));
    assertEquals(
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(dataDir.resolve("codec-keys.env")),
        "only its owner reads the dev key");

    String token = Files.readString(dataDir.resolve("codec-token")).trim();
    String body = JsonFormat.printer().print(input);
    HttpResponse<String> refused = codecDecode(body, null);
    assertEquals(401, refused.statusCode());
    HttpResponse<String> decoded = codecDecode(body, token);
    assertEquals(200, decoded.statusCode(), decoded.body());
    Payloads.Builder clear = Payloads.newBuilder();
    JsonFormat.parser().merge(decoded.body(), clear);
    assertTrue(clear.getPayloads(0).getData().toStringUtf8().contains("codec@example.com"));
  }

  private static HttpResponse<String> codecDecode(String body, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stack.codecServerUrl() + "/decode"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void twoHundredConcurrentDeliveriesOfOneEventMakeOneWorkflowAndOneContact() throws Exception {
    String body = event("storm@example.com", "Storm");
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        answers.add(pool.submit((Callable<HttpResponse<String>>) () -> deliver("evt-storm", body)));
      }
      int accepted = 0;
      int duplicate = 0;
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get();
        String status = json(response).path("status").asText();
        if (response.statusCode() == 202 && status.equals("accepted")) {
          accepted++;
        } else if (response.statusCode() == 200 && status.equals("duplicate")) {
          duplicate++;
        }
      }
      assertEquals(1, accepted);
      assertEquals(199, duplicate);
    } finally {
      pool.shutdownNow();
    }

    awaitLedger("generic:evt-storm", r -> r.status() == SyncStatus.COMPLETED);
    assertEquals(1, stack.sandbox().orElseThrow().contactCount("storm@example.com"));
    assertEquals(
        3, ledger.trail("generic:evt-storm").size(), "one run: received, processing, done");
  }

  @Test
  void aCreateWhoseAnswerWasLostAfterItCommittedResolvesAfter409ToOneContact() throws Exception {
    stack.sandbox().orElseThrow().dropNextWrites(1);

    HttpResponse<String> answer = deliver("evt-lost", event("lost@example.com", "Lin"));
    assertEquals(202, answer.statusCode(), answer.body());

    LedgerRow row = awaitLedger("generic:evt-lost", r -> r.status().isSettled());
    assertEquals(SyncStatus.RESOLVED_AFTER_409, row.status());
    assertEquals(1, stack.sandbox().orElseThrow().contactCount("lost@example.com"));
    assertEquals(
        "Lin",
        stack.sandbox().orElseThrow().contacts().stream()
            .filter(c -> c.get("id").equals(row.crmId()))
            .map(c -> ((Map<?, ?>) c.get("properties")).get("firstname"))
            .findFirst()
            .orElseThrow());
  }

  @Test
  void twoDifferentEventsForOneEmailRacingEndInOneContactWithTheNewerValue() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<HttpResponse<String>> a =
          pool.submit(() -> deliver("evt-race-a", event("race@example.com", "A")));
      Future<HttpResponse<String>> b =
          pool.submit(() -> deliver("evt-race-b", event("race@example.com", "B")));
      assertEquals(202, a.get().statusCode());
      assertEquals(202, b.get().statusCode());
    } finally {
      pool.shutdownNow();
    }

    LedgerRow a = awaitLedger("generic:evt-race-a", r -> r.status().isSettled());
    LedgerRow b = awaitLedger("generic:evt-race-b", r -> r.status().isSettled());
    assertEquals(1, stack.sandbox().orElseThrow().contactCount("race@example.com"));
    // Same occurredAt: the one the relay accepted later is the newer. Whichever wrote second, the
    // contact holds its value; the older one, if it came second, wrote nothing (skipped_stale).
    String newer = ledger.propertyVersions().of("race@example.com").get(0).key().processingId();
    Map<?, ?> contact =
        stack.sandbox().orElseThrow().contacts().stream()
            .map(c -> (Map<?, ?>) c.get("properties"))
            .filter(p -> "race@example.com".equals(p.get("email")))
            .findFirst()
            .orElseThrow();
    assertEquals(newer.equals("generic:evt-race-a") ? "A" : "B", contact.get("firstname"));
    List<SyncStatus> settled =
        List.of(SyncStatus.COMPLETED, SyncStatus.RESOLVED_AFTER_409, SyncStatus.SKIPPED_STALE);
    assertTrue(settled.contains(a.status()) && settled.contains(b.status()), a + " / " + b);
  }

  private static HttpResponse<String> deliver(String key, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + stack.relayPort() + "/webhooks/generic"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String event(String email, String firstname) {
    return "{\"type\":\"contact.upsert\",\"occurredAt\":\"2026-11-22T10:00:00Z\",\"email\":\""
        + email
        + "\",\"properties\":{\"firstname\":\""
        + firstname
        + "\"}}";
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private static LedgerRow awaitLedger(String id, java.util.function.Predicate<LedgerRow> done) {
    return await(
        () -> ledger.find(id).filter(done),
        Duration.ofSeconds(30),
        "ledger row " + id + " did not reach the expected state");
  }

  private static <T> T await(Supplier<Optional<T>> probe, Duration timeout, String failure) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(failure + " within " + timeout);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
