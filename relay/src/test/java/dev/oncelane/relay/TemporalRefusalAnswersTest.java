package dev.oncelane.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each way Temporal refuses a start, as the SDK really meets it (the gRPC status comes back on the
 * StartWorkflowExecution call), answered the way a webhook sender understands: 413 for an event too
 * large to ever be taken, 503 + Retry-After for everything a retry can outlast.
 */
class TemporalRefusalAnswersTest {

  private static final long MAX_INPUT_BYTES = 4096;

  private static TestWorkflowEnvironment env;
  private static WorkflowServiceStubs refusingStubs;
  private static RelayServer relay;
  private static Http http;
  private static final RefuseStarts refuse = new RefuseStarts();
  private static final AtomicInteger keys = new AtomicInteger();

  @BeforeAll
  static void startRelayOnAServerThatRefusesOnDemand() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    env.newWorker(ContactSyncWorkflow.TASK_QUEUE)
        .registerWorkflowImplementationTypes(FakeContactSyncWorkflow.class);
    env.start();
    refusingStubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder(env.getWorkflowServiceStubs().getOptions())
                .setGrpcClientInterceptors(List.of(refuse))
                .build());
    WorkflowClient client =
        WorkflowClient.newInstance(refusingStubs, env.getWorkflowClient().getOptions());
    relay =
        RelayServer.start(
            RelayConfig.builder()
                .port(0)
                .maxInputBytes(MAX_INPUT_BYTES)
                .startTimeout(Duration.ofSeconds(1))
                .build(),
            client);
    http = new Http(relay.port());
  }

  @AfterAll
  static void stop() {
    relay.close();
    refusingStubs.shutdownNow();
    env.close();
  }

  @AfterEach
  void acceptAgain() {
    refuse.with(null);
  }

  private static HttpResponse<String> deliver(int propertyChars) {
    byte[] body =
        ("{\"type\":\"contact.upsert\",\"email\":\"ada@example.com\",\"properties\":{\"notes\":\""
                + "x".repeat(propertyChars)
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    return http.post(
        "/webhooks/generic",
        "application/json",
        body,
        Map.of("Idempotency-Key", "refusal-" + keys.incrementAndGet()));
  }

  private static JsonNode assertProblem(HttpResponse<String> response, int status, String reason) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem"),
        response.headers().toString());
    JsonNode problem = Http.json(response);
    assertEquals(reason, problem.path("reason").asText(), response.body());
    return problem;
  }

  @Test
  void anEventOverTheRelaysInputLimitGets413WithTheLimitAndTemporalIsNeverCalled() {
    int before = refuse.startCalls();

    HttpResponse<String> response = deliver(2 * (int) MAX_INPUT_BYTES);

    JsonNode problem = assertProblem(response, 413, "input_too_large");
    assertEquals(MAX_INPUT_BYTES, problem.path("maxInputBytes").asLong());
    assertTrue(problem.path("inputBytes").asLong() > MAX_INPUT_BYTES, response.body());
    assertEquals("relay", problem.path("refusedBy").asText());
    assertTrue(problem.path("detail").asText().contains(MAX_INPUT_BYTES + " bytes"));
    assertEquals(before, refuse.startCalls(), "no start was attempted");
  }

  @Test
  void temporalsBlobSizeLimitGets413NamingTheLimitNot500() {
    refuse.with(Status.INVALID_ARGUMENT.withDescription("Blob data size exceeds limit."));

    HttpResponse<String> response = deliver(100);

    JsonNode problem = assertProblem(response, 413, "input_too_large");
    assertEquals("temporal", problem.path("refusedBy").asText());
    assertTrue(problem.path("detail").asText().contains("limit.blobSize.error"), response.body());
    assertFalse(response.headers().firstValue("Retry-After").isPresent(), "a retry cannot help");
  }

  @Test
  void temporalsGrpcMessageLimitGets413NotARetryLater() {
    refuse.with(
        Status.RESOURCE_EXHAUSTED.withDescription(
            "grpc: received message larger than max (5242880 vs. 4194304)"));

    assertProblem(deliver(100), 413, "input_too_large");
  }

  @Test
  void aBusyServerGets503WithRetryAfter() {
    refuse.with(Status.RESOURCE_EXHAUSTED.withDescription("namespace rate limit exceeded"));

    HttpResponse<String> response = deliver(100);

    assertProblem(response, 503, "temporal_unavailable");
    assertTrue(response.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  void anUnavailableServerGets503WithRetryAfter() {
    refuse.with(Status.UNAVAILABLE.withDescription("connection refused"));

    HttpResponse<String> response = deliver(100);

    assertProblem(response, 503, "temporal_unavailable");
    assertTrue(response.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  void aMissingNamespaceGets503SoSendersKeepTheEventWhileAnOperatorFixesIt() {
    refuse.with(Status.NOT_FOUND.withDescription("Namespace oncelane is not found."));

    HttpResponse<String> response = deliver(100);

    JsonNode problem = assertProblem(response, 503, "lane_misconfigured");
    assertTrue(response.headers().firstValue("Retry-After").isPresent());
    assertTrue(problem.path("detail").asText().contains("Namespace oncelane is not found."));
  }

  @Test
  void refusedCredentialsGet503LaneMisconfigured() {
    refuse.with(Status.PERMISSION_DENIED.withDescription("Request unauthorized."));

    HttpResponse<String> response = deliver(100);

    assertProblem(response, 503, "lane_misconfigured");
    assertTrue(response.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  void theSameRelayAcceptsOnceTemporalTakesStartsAgain() {
    assertEquals(202, deliver(100).statusCode());
  }

  /** Answers StartWorkflowExecution with a chosen status instead of calling the server. */
  private static final class RefuseStarts implements ClientInterceptor {

    private final AtomicReference<Status> refusal = new AtomicReference<>();
    private final AtomicInteger startCalls = new AtomicInteger();

    void with(Status status) {
      refusal.set(status);
    }

    int startCalls() {
      return startCalls.get();
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      if (!method.getFullMethodName().endsWith("/StartWorkflowExecution")) {
        return next.newCall(method, options);
      }
      startCalls.incrementAndGet();
      Status status = refusal.get();
      if (status == null) {
        return next.newCall(method, options);
      }
      return new ClientCall<>() {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          listener.onClose(status, new Metadata());
        }

        @Override
        public void request(int numMessages) {}

        @Override
        public void cancel(String message, Throwable cause) {}

        @Override
        public void halfClose() {}

        @Override
        public void sendMessage(Q message) {}
      };
    }
  }
}
