package dev.oncelane.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.relay.signatures.StandardWebhooksVerifier;
import dev.oncelane.relay.signatures.TypeformSignatureVerifier;
import dev.oncelane.relay.sources.CanonicalPayload;
import dev.oncelane.relay.start.WorkflowStarter;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.SyncResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RelayServerTest {

  private static final String TYPEFORM_SECRET = "abc123";
  private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String OTHER_SECRET = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";
  private static final long SMALL_LIMIT = 1024;

  private static TestWorkflowEnvironment env;
  private static WorkflowClient client;

  /** Both secrets set. */
  private static RelayServer secured;

  /** No secrets (an internal producer's relay) and a small body limit. */
  private static RelayServer open;

  private static Http securedHttp;
  private static Http openHttp;

  @BeforeAll
  static void startTemporalAndRelays() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    env.newWorker(ContactSyncWorkflow.TASK_QUEUE)
        .registerWorkflowImplementationTypes(FakeContactSyncWorkflow.class);
    env.start();
    client = env.getWorkflowClient();
    RelayConfig base = RelayConfig.builder().port(0).build();
    secured =
        RelayServer.start(
            base.toBuilder().typeformSecret(TYPEFORM_SECRET).webhookSecret(WEBHOOK_SECRET).build(),
            client);
    open = RelayServer.start(base.toBuilder().maxBodyBytes(SMALL_LIMIT).build(), client);
    securedHttp = new Http(secured.port());
    openHttp = new Http(open.port());
  }

  @AfterAll
  static void stopEverything() {
    secured.close();
    open.close();
    env.close();
  }

  private static byte[] upsert(String email, Map<String, String> properties) {
    StringBuilder props = new StringBuilder();
    properties.forEach(
        (k, v) ->
            props.append(props.length() == 0 ? "" : ",").append("\"" + k + "\":\"" + v + "\""));
    return ("{\"type\":\"contact.upsert\",\"occurredAt\":\"2025-01-31T12:00:00Z\",\"email\":\""
            + email
            + "\",\"properties\":{"
            + props
            + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> signed(String secret, String id, long at, byte[] body) {
    StandardWebhooksVerifier signer =
        new StandardWebhooksVerifier(secret, java.time.Clock.systemUTC());
    return Map.of(
        "webhook-id", id,
        "webhook-timestamp", Long.toString(at),
        "webhook-signature", signer.sign(id, at, body));
  }

  private static Map<String, String> signedNow(String id, byte[] body) {
    return signed(WEBHOOK_SECRET, id, Instant.now().getEpochSecond(), body);
  }

  private static HttpResponse<String> postGeneric(Http http, byte[] body, Map<String, String> h) {
    return http.post("/webhooks/generic", "application/json", body, h);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String reason) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(
        response
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/problem+json"),
        response.headers().toString());
    JsonNode problem = Http.json(response);
    assertEquals("urn:oncelane:problem:" + reason, problem.path("type").asText());
    assertEquals(status, problem.path("status").asInt());
    assertEquals(reason, problem.path("reason").asText());
    assertFalse(problem.path("title").asText().isBlank());
    assertFalse(problem.path("detail").asText().isBlank());
  }

  private static SyncResult awaitCompletion(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).getResult(SyncResult.class);
  }

  @Test
  void acceptsTheTypeformExampleThenAnswersItsRedeliveryAsACompletedDuplicate() {
    byte[] body = Fixtures.typeformExamplePayload();
    Map<String, String> signature =
        Map.of("Typeform-Signature", new TypeformSignatureVerifier(TYPEFORM_SECRET).sign(body));

    HttpResponse<String> first =
        securedHttp.post("/webhooks/typeform", "application/json; charset=utf-8", body, signature);

    assertEquals(202, first.statusCode(), first.body());
    JsonNode accepted = Http.json(first);
    assertEquals("accepted", accepted.path("status").asText());
    assertEquals("typeform:LtWXD3crgy", accepted.path("workflowId").asText());
    String runId = accepted.path("runId").asText();
    assertFalse(runId.isBlank());

    awaitCompletion("typeform:LtWXD3crgy");
    List<ContactEvent> received = FakeContactSyncWorkflow.received("typeform:LtWXD3crgy");
    assertEquals(1, received.size());
    ContactEvent event = received.get(0);
    assertEquals("typeform", event.source());
    assertEquals("laura@example.com", event.email());
    assertEquals("Laura", event.properties().get("readable_ref_short_text"));
    assertEquals("2018-01-18T18:17:02Z", event.occurredAt());
    assertEquals(CanonicalPayload.hash(event), event.payloadHash());
    assertEquals(
        event.payloadHash(),
        client
            .newUntypedWorkflowStub("typeform:LtWXD3crgy")
            .describe()
            .getMemo(WorkflowStarter.PAYLOAD_HASH_MEMO, String.class));

    HttpResponse<String> again =
        securedHttp.post("/webhooks/typeform", "application/json", body, signature);

    assertEquals(200, again.statusCode(), again.body());
    JsonNode duplicate = Http.json(again);
    assertEquals("duplicate", duplicate.path("status").asText());
    assertEquals(runId, duplicate.path("runId").asText());
    assertEquals("completed", duplicate.path("state").asText());
    assertEquals(1, FakeContactSyncWorkflow.received("typeform:LtWXD3crgy").size());
  }

  @Test
  void aFailedRunsKeyStartsAgainWhileACompletedOnesIsStillADuplicate() {
    byte[] failing = upsert("fails@example.com", Map.of("fail", "yes"));
    Map<String, String> failingKey = Map.of("Idempotency-Key", "reuse-failed");
    HttpResponse<String> first = postGeneric(openHttp, failing, failingKey);
    assertEquals(202, first.statusCode(), first.body());
    String firstRun = Http.json(first).path("runId").asText();
    assertThrows(WorkflowFailedException.class, () -> awaitCompletion("generic:reuse-failed"));

    HttpResponse<String> again = postGeneric(openHttp, failing, failingKey);

    assertEquals(202, again.statusCode(), again.body());
    assertNotEquals(firstRun, Http.json(again).path("runId").asText());
    Await.until(
        Duration.ofSeconds(10),
        () -> FakeContactSyncWorkflow.received("generic:reuse-failed").size() == 2,
        "the second run of the failed event");

    byte[] fine = upsert("fine@example.com", Map.of());
    Map<String, String> fineKey = Map.of("Idempotency-Key", "reuse-completed");
    assertEquals(202, postGeneric(openHttp, fine, fineKey).statusCode());
    awaitCompletion("generic:reuse-completed");

    HttpResponse<String> duplicate = postGeneric(openHttp, fine, fineKey);

    assertEquals(200, duplicate.statusCode(), duplicate.body());
    assertEquals("duplicate", Http.json(duplicate).path("status").asText());
    assertEquals(1, FakeContactSyncWorkflow.received("generic:reuse-completed").size());
  }

  @Test
  void twoHundredConcurrentDeliveriesStartExactlyOneRun() {
    String id = "msg_" + UUID.randomUUID();
    String workflowId = "generic:" + id;
    byte[] body = upsert("crowd@example.com", Map.of("hold", "until-signal"));
    Map<String, String> headers = signedNow(id, body);

    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      inFlight.add(securedHttp.postAsync("/webhooks/generic", body, headers));
    }
    Map<String, Integer> byStatus = new HashMap<>();
    List<String> runIds = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> future : inFlight) {
      HttpResponse<String> response = future.join();
      JsonNode answer = Http.json(response);
      byStatus.merge(response.statusCode() + " " + answer.path("status").asText(), 1, Integer::sum);
      runIds.add(answer.path("runId").asText());
      if (response.statusCode() == 200) {
        assertEquals("running", answer.path("state").asText(), response.body());
      }
    }

    assertEquals(Map.of("202 accepted", 1, "200 duplicate", 199), byStatus);
    assertEquals(1, runIds.stream().distinct().count(), "every answer names the same run");
    Await.until(
        Duration.ofSeconds(10),
        () -> !FakeContactSyncWorkflow.received(workflowId).isEmpty(),
        "the run to record its event");
    assertEquals(1, FakeContactSyncWorkflow.received(workflowId).size());

    client
        .newUntypedWorkflowStub(workflowId)
        .signal(ContactSyncWorkflow.DECIDE_SIGNAL, ReviewDecision.discard("test", "test", "done"));
    awaitCompletion(workflowId);
    HttpResponse<String> late = postGeneric(securedHttp, body, signedNow(id, body));
    assertEquals(200, late.statusCode(), late.body());
    assertEquals("completed", Http.json(late).path("state").asText());
    assertEquals(1, FakeContactSyncWorkflow.received(workflowId).size());
  }

  @Test
  void aKnownKeyWithADifferentPayloadIsRefusedAndCounted() {
    String key = "k-" + UUID.randomUUID();
    Map<String, String> header = Map.of("Idempotency-Key", "\"" + key + "\"");
    byte[] original = upsert("ann@example.com", Map.of("firstname", "Ann"));
    byte[] changed = upsert("ann@example.com", Map.of("firstname", "Anne"));
    byte[] reformatted =
        ("{ \"email\": \"ANN@example.com\", \"properties\": {\"firstname\": \"Ann\"},"
                + " \"occurredAt\": \"2025-01-31T12:00:00Z\", \"type\": \"contact.upsert\" }")
            .getBytes(StandardCharsets.UTF_8);

    assertEquals(202, postGeneric(openHttp, original, header).statusCode());
    HttpResponse<String> equivalent = postGeneric(openHttp, reformatted, header);
    assertEquals(200, equivalent.statusCode(), equivalent.body());
    HttpResponse<String> mismatch = postGeneric(openHttp, changed, header);

    assertProblem(mismatch, 422, "payload_mismatch");
    assertEquals("generic:" + key, Http.json(mismatch).path("workflowId").asText());
    assertEquals(1, FakeContactSyncWorkflow.received("generic:" + key).size());
    assertTrue(
        openHttp
            .get("/metrics")
            .body()
            .contains("oncelane_relay_payload_mismatches_total{source=\"generic\"} 1.0"));
  }

  @Test
  void answersEveryRefusalWithAProblemDocument() {
    byte[] good = upsert("bob@example.com", Map.of("firstname", "Bob"));
    long now = Instant.now().getEpochSecond();

    byte[] malformed = "{\"type\":\"contact.upsert\",".getBytes(StandardCharsets.UTF_8);
    assertProblem(
        postGeneric(securedHttp, malformed, signedNow("msg_bad_json", malformed)),
        400,
        "malformed_json");
    assertProblem(postGeneric(openHttp, good, Map.of()), 400, "missing_key");
    byte[] noEmail = "{\"type\":\"contact.upsert\"}".getBytes(StandardCharsets.UTF_8);
    assertProblem(
        postGeneric(openHttp, noEmail, Map.of("Idempotency-Key", "no-email")),
        400,
        "missing_email");
    assertProblem(
        postGeneric(
            securedHttp,
            good,
            Map.of(
                "webhook-id", "msg_x",
                "webhook-timestamp", Long.toString(now),
                "webhook-signature", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=")),
        401,
        "signature_invalid");
    assertProblem(
        postGeneric(securedHttp, good, signed(WEBHOOK_SECRET, "msg_old", now - 600, good)),
        401,
        "signature_timestamp_invalid");
    HttpResponse<String> wrongSecret =
        postGeneric(securedHttp, good, signed(OTHER_SECRET, "msg_wrong", now, good));
    assertProblem(wrongSecret, 401, "signature_invalid");
    assertFalse(wrongSecret.body().contains(WEBHOOK_SECRET.substring(6)));
    assertProblem(
        postGeneric(securedHttp, good, Map.of("Idempotency-Key", "unsigned")),
        401,
        "signature_missing");
    assertProblem(
        securedHttp.post(
            "/webhooks/typeform",
            "application/json",
            good,
            Map.of("Typeform-Signature", new TypeformSignatureVerifier("wrong").sign(good))),
        401,
        "signature_invalid");

    byte[] large = upsert("big@example.com", Map.of("notes", "x".repeat((int) SMALL_LIMIT)));
    Map<String, String> key = Map.of("Idempotency-Key", "too-large");
    assertProblem(postGeneric(openHttp, large, key), 413, "body_too_large");
    assertProblem(openHttp.postChunked("/webhooks/generic", large, key), 413, "body_too_large");
    assertProblem(
        openHttp.post("/webhooks/generic", "text/plain", good, key), 415, "unsupported_media_type");
    assertProblem(
        openHttp.post("/webhooks/generic", "application/json; charset=latin1", good, key),
        415,
        "unsupported_media_type");
    assertProblem(openHttp.get("/webhooks/nowhere"), 404, "not_found");
    assertTrue(FakeContactSyncWorkflow.received("generic:too-large").isEmpty());
  }

  @Test
  void reportsHealthReadinessAndMetrics() {
    HttpResponse<String> health = openHttp.get("/healthz");
    assertEquals(200, health.statusCode());
    assertEquals("up", Http.json(health).path("status").asText());
    HttpResponse<String> ready = openHttp.get("/readyz");
    assertEquals(200, ready.statusCode(), ready.body());

    postGeneric(openHttp, "{".getBytes(StandardCharsets.UTF_8), Map.of());
    String metrics = openHttp.get("/metrics").body();

    assertTrue(
        metrics.contains(
            "oncelane_relay_requests_total{outcome=\"malformed_json\",source=\"generic\","
                + "status=\"400\"}"),
        metrics);
    assertTrue(metrics.contains("oncelane_relay_duplicates_total{source=\"typeform\"}"), metrics);
    assertTrue(metrics.contains("oncelane_relay_payload_mismatches_total"), metrics);
    assertTrue(metrics.contains("oncelane_relay_ack_seconds_bucket"), metrics);
  }

  @Test
  void secretsStayOutOfTheWorkflowInputAndMemo() {
    String id = "msg_" + UUID.randomUUID();
    byte[] body = upsert("carol@example.com", Map.of("firstname", "Carol"));
    assertEquals(202, postGeneric(securedHttp, body, signedNow(id, body)).statusCode());

    WorkflowStub stub = client.newUntypedWorkflowStub("generic:" + id);
    stub.getResult(SyncResult.class);
    String history =
        client.fetchHistory("generic:" + id).toJson(false)
            + stub.describe().getWorkflowExecutionInfo().getMemo();
    assertFalse(history.contains(WEBHOOK_SECRET.substring(6)));
    assertFalse(history.contains(TYPEFORM_SECRET));
  }

  @Test
  void stampsTheAcceptTimeAndRefusesAnOccurredAtMoreThanADayAhead() {
    long before = System.currentTimeMillis();
    HttpResponse<String> accepted =
        postGeneric(
            openHttp,
            occurringAt(Instant.now().plus(Duration.ofHours(23))),
            Map.of("Idempotency-Key", "soon"));
    assertEquals(202, accepted.statusCode(), accepted.body());
    awaitCompletion("generic:soon");
    Long acceptedAt = FakeContactSyncWorkflow.received("generic:soon").get(0).acceptedAt();
    assertTrue(
        acceptedAt != null && acceptedAt >= before && acceptedAt <= System.currentTimeMillis(),
        "acceptedAt " + acceptedAt);

    HttpResponse<String> tooFar =
        postGeneric(
            openHttp,
            occurringAt(Instant.now().plus(Duration.ofHours(25))),
            Map.of("Idempotency-Key", "far-future"));

    assertProblem(tooFar, 400, "invalid_event");
    assertTrue(Http.json(tooFar).path("detail").asText().contains("24 h ahead"));
    assertTrue(FakeContactSyncWorkflow.received("generic:far-future").isEmpty());
  }

  private static byte[] occurringAt(Instant occurredAt) {
    return ("{\"type\":\"contact.upsert\",\"occurredAt\":\""
            + occurredAt
            + "\",\"email\":\"time@example.com\",\"properties\":{}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
