package dev.oncelane.relay.readiness;

import dev.oncelane.relay.RejectionReason;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The smallest readiness check: the Temporal frontend answers a cheap call ({@code GetSystemInfo})
 * within the timeout. It knows nothing of the namespace's set-up; the {@code oncelane relay}
 * process uses the namespace check instead.
 */
public final class TemporalReachable implements ReadinessCheck {

  private final WorkflowClient client;
  private final Duration timeout;

  public TemporalReachable(WorkflowClient client, Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public Readiness check() {
    try {
      client
          .getWorkflowServiceStubs()
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return Readiness.ready();
    } catch (RuntimeException e) {
      return Readiness.notReady(
          RejectionReason.TEMPORAL_UNAVAILABLE,
          "Temporal did not answer within " + timeout.toMillis() + " ms (" + describe(e) + ")",
          Map.of());
    }
  }

  private static String describe(RuntimeException e) {
    return e instanceof io.grpc.StatusRuntimeException status
        ? status.getStatus().getCode().toString()
        : e.getClass().getSimpleName();
  }
}
