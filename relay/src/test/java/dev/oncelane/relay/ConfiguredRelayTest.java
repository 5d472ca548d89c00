package dev.oncelane.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.relay.signatures.StandardWebhooksVerifier;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default sources over HTTP: what is synced, what is acknowledged and ignored. */
class ConfiguredRelayTest {

  private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private static TestWorkflowEnvironment env;
  private static WorkflowClient client;
  private static RelayServer relay;
  private static Http http;

  @BeforeAll
  static void start() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    env.newWorker(ContactSyncWorkflow.TASK_QUEUE)
        .registerWorkflowImplementationTypes(FakeContactSyncWorkflow.class);
    env.start();
    client = env.getWorkflowClient();
    relay =
        RelayServer.start(
            RelayConfig.builder().port(0).webhookSecret(WEBHOOK_SECRET).build(), client);
    http = new Http(relay.port());
  }

  @AfterAll
  static void stop() {
    relay.close();
    env.close();
  }

  private static Map<String, String> signed(String id, long at, byte[] body) {
    return Map.of(
        "webhook-id",
        id,
        "webhook-timestamp",
        Long.toString(at),
        "webhook-signature",
        new StandardWebhooksVerifier(WEBHOOK_SECRET, Clock.systemUTC()).sign(id, at, body));
  }

  @Test
  void aTypeformPartialResponseIsAcknowledgedIgnoredAndCounted() {
    byte[] partial =
        new String(Fixtures.typeformExamplePayload(), StandardCharsets.UTF_8)
            .replace("\"form_response\",", "\"form_response_partial\",")
            .replace("LtWXD3crgy", "partial-" + UUID.randomUUID())
            .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> answer =
        http.post("/webhooks/typeform", "application/json", partial, Map.of());

    assertEquals(200, answer.statusCode(), answer.body());
    JsonNode body = Http.json(answer);
    assertEquals("ignored", body.path("status").asText());
    assertTrue(body.path("reason").asText().contains("form_response_partial"), answer.body());
    String metrics = http.get("/metrics").body();
    assertTrue(metrics.contains("oncelane_relay_ignored_total{source=\"typeform\"} 1.0"), metrics);
    assertTrue(
        metrics.contains(
            "oncelane_relay_requests_total{outcome=\"ignored\",source=\"typeform\",status=\"200\"}"
                + " 1.0"),
        metrics);
  }

  @Test
  void aSpecShapedStandardWebhooksEventIsSyncedAndItsRetryWithANewTimestampIsADuplicate() {
    String id = "msg_" + UUID.randomUUID();
    byte[] body =
        ("{\"type\":\"contact.updated\",\"timestamp\":\"2022-11-03T20:26:10.344522Z\","
                + "\"data\":{\"email\":\"john@example.com\",\"firstname\":\"John\"}}")
            .getBytes(StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();

    HttpResponse<String> first =
        http.post("/webhooks/standard-webhooks", "application/json", body, signed(id, now, body));
    HttpResponse<String> retry =
        http.post(
            "/webhooks/standard-webhooks", "application/json", body, signed(id, now + 30, body));

    assertEquals(202, first.statusCode(), first.body());
    assertEquals("standard-webhooks:" + id, Http.json(first).path("workflowId").asText());
    assertEquals(200, retry.statusCode(), retry.body());
    assertEquals("duplicate", Http.json(retry).path("status").asText());
    List<ContactEvent> received = FakeContactSyncWorkflow.received("standard-webhooks:" + id);
    Await.until(
        java.time.Duration.ofSeconds(10),
        () -> !FakeContactSyncWorkflow.received("standard-webhooks:" + id).isEmpty(),
        "the run to record its event");
    received = FakeContactSyncWorkflow.received("standard-webhooks:" + id);
    assertEquals(1, received.size());
    assertEquals(Map.of("firstname", "John"), received.get(0).properties());
    assertEquals("2022-11-03T20:26:10.344522Z", received.get(0).occurredAt());
  }

  @Test
  void aRelayListeningBeyondLoopbackRefusesToStartWithUnsignedSources() {
    RelayConfig exposed = RelayConfig.builder().host("0.0.0.0").port(0).build();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RelayServer.start(exposed, client));

    assertTrue(e.getMessage().contains("TYPEFORM_UNSIGNED=true"), e.getMessage());
    assertTrue(e.getMessage().contains("WEBHOOK_SECRET is unset"), e.getMessage());
    assertEquals(3, exposed.problems().size(), exposed.problems().toString());
    RelayConfig optedIn =
        RelayConfig.fromEnv(
            Map.of(
                "ONCELANE_RELAY_HOST", "0.0.0.0",
                "ONCELANE_RELAY_PORT", "0",
                "TYPEFORM_SECRET", "tf",
                "WEBHOOK_SECRET", WEBHOOK_SECRET));
    assertEquals(List.of(), optedIn.problems());
    RelayConfig risky =
        RelayConfig.fromEnv(
            Map.of(
                "ONCELANE_RELAY_HOST", "0.0.0.0",
                "TYPEFORM_UNSIGNED", "true",
                "GENERIC_UNSIGNED", "true",
                "STANDARD_WEBHOOKS_UNSIGNED", "true"));
    assertEquals(List.of(), risky.problems());
  }
}
