package dev.oncelane.workers.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.relay.signatures.StandardWebhooksVerifier;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real senders' published payloads through the default sources, end to end on the dev stack: relay
 * → Temporal (in-memory) → worker → HubSpot sandbox → SQLite ledger.
 */
class SendersEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

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
    env.put("ONCELANE_METRICS_PORT", "0");
    env.put("WEBHOOK_SECRET", WEBHOOK_SECRET);
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
  void aTypeformFormWithGeneratedRefsCreatesItsContactWithNoReview() throws Exception {
    // Typeform's published example: none of its question refs is a CRM property.
    HttpResponse<String> answer = post("/webhooks/typeform", typeformExample(), Map.of());

    assertEquals(202, answer.statusCode(), answer.body());
    LedgerRow row = awaitLedger("typeform:LtWXD3crgy", SendersEndToEndTest::leftProcessing);
    assertEquals(SyncStatus.COMPLETED, row.status(), "no manual review");
    assertEquals(1, stack.sandbox().orElseThrow().contactCount("laura@example.com"));
    String detail = last(ledger.trail("typeform:LtWXD3crgy")).detail();
    assertTrue(detail.startsWith("created; dropped properties the CRM lacks"), detail);
    assertTrue(detail.contains("readable_ref_short_text"), detail);
  }

  @Test
  void aTypeformPartialResponseIsAcknowledgedAndIgnored() throws Exception {
    String partial =
        typeformExample()
            .replace("\"form_response\",", "\"form_response_partial\",")
            .replace("LtWXD3crgy", "partial-1");

    HttpResponse<String> answer = post("/webhooks/typeform", partial, Map.of());

    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("ignored", json(answer).path("status").asText());
    assertTrue(ledger.find("typeform:partial-1").isEmpty(), "no workflow, no ledger row");
  }

  @Test
  void aSpecShapedStandardWebhooksEventIsSyncedAndItsRetryWithANewTimestampIsADuplicate()
      throws Exception {
    // The Standard Webhooks specification's contact payload, with an email and a first name.
    String body =
        """
        {"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z",
         "data":{"id":"1f81eb52-5198-4599-803e-771906343485","type":"contact",
                 "fullName":"John Smith","firstname":"John","email":"john.smith@example.com",
                 "phoneNumber":"(281) 332-2575","birthday":"1980-04-19"}}
        """;
    String id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
    long now = Instant.now().getEpochSecond();

    HttpResponse<String> first = post("/webhooks/standard-webhooks", body, signed(id, now, body));
    assertEquals(202, first.statusCode(), first.body());
    LedgerRow row = awaitLedger("standard-webhooks:" + id, SendersEndToEndTest::leftProcessing);
    HttpResponse<String> retry =
        post("/webhooks/standard-webhooks", body, signed(id, now + 90, body));

    assertEquals(SyncStatus.COMPLETED, row.status());
    assertEquals(200, retry.statusCode(), retry.body());
    assertEquals("duplicate", json(retry).path("status").asText());
    assertEquals(1, stack.sandbox().orElseThrow().contactCount("john.smith@example.com"));
    Map<String, Object> contact =
        stack.sandbox().orElseThrow().contacts().stream()
            .filter(c -> c.toString().contains("john.smith@example.com"))
            .findFirst()
            .orElseThrow();
    assertTrue(contact.toString().contains("firstname=John"), contact.toString());
    String detail = last(ledger.trail("standard-webhooks:" + id)).detail();
    assertTrue(detail.contains("fullName"), detail);
    assertTrue(detail.contains("phoneNumber"), detail);
  }

  private static Map<String, String> signed(String id, long at, String body) {
    return Map.of(
        "webhook-id",
        id,
        "webhook-timestamp",
        Long.toString(at),
        "webhook-signature",
        new StandardWebhooksVerifier(WEBHOOK_SECRET, Clock.systemUTC())
            .sign(id, at, body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String typeformExample() throws IOException {
    try (InputStream in =
        SendersEndToEndTest.class.getResourceAsStream("/typeform-example-payload.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static boolean leftProcessing(LedgerRow row) {
    return row.status() != SyncStatus.RECEIVED && row.status() != SyncStatus.PROCESSING;
  }

  private static Transition last(List<Transition> trail) {
    return trail.get(trail.size() - 1);
  }

  private static HttpResponse<String> post(String path, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.relayPort() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private static LedgerRow awaitLedger(String id, Predicate<LedgerRow> done) {
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
