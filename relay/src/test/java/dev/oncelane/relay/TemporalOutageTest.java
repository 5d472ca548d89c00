package dev.oncelane.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Temporal goes away and comes back on the same port: 503 with Retry-After, then accepted. */
class TemporalOutageTest {

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void refusesWhileTemporalIsDownAndAcceptsTheSameDeliveryOnceItIsBack() throws IOException {
    int temporalPort = freePort();
    TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(temporalPort);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporalPort)
                .build());
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    RelayConfig config =
        RelayConfig.builder().port(0).startTimeout(Duration.ofMillis(1500)).build();
    byte[] body =
        "{\"type\":\"contact.upsert\",\"email\":\"dora@example.com\",\"properties\":{}}"
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> key = Map.of("Idempotency-Key", "outage-1");

    try (RelayServer relay = RelayServer.start(config, client)) {
      Http http = new Http(relay.port());
      assertEquals(200, http.get("/readyz").statusCode());

      temporal.close();
      HttpResponse<String> refused = http.post("/webhooks/generic", "application/json", body, key);

      assertEquals(503, refused.statusCode(), refused.body());
      assertTrue(refused.headers().firstValue("Retry-After").isPresent());
      assertEquals(
          "temporal_unavailable", Http.json(refused).path("reason").asText(), refused.body());
      assertEquals(503, http.get("/readyz").statusCode());

      temporal = TestServer.createPortBoundServer(temporalPort);
      // The sender retries; the client reconnects with backoff, so allow a few attempts.
      AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
      Await.until(
          Duration.ofSeconds(30),
          () -> {
            last.set(http.post("/webhooks/generic", "application/json", body, key));
            return last.get().statusCode() != 503;
          },
          "Temporal to accept the delivery again");

      assertEquals(202, last.get().statusCode(), last.get().body());
      assertEquals("generic:outage-1", Http.json(last.get()).path("workflowId").asText());
      assertEquals(200, http.get("/readyz").statusCode());
    } finally {
      stubs.shutdownNow();
      temporal.close();
    }
  }
}
