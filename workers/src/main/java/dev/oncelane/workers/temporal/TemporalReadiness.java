package dev.oncelane.workers.temporal;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Waits until a Temporal frontend answers, or gives up at a deadline. */
public final class TemporalReadiness {

  private TemporalReadiness() {}

  /** True once {@code address} answers an RPC; false if it did not within {@code timeout}. */
  public static boolean await(String address, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    WorkflowServiceStubs probe =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      while (Instant.now().isBefore(deadline)) {
        if (answers(probe)) {
          return true;
        }
        pause();
      }
      return false;
    } finally {
      probe.shutdownNow();
    }
  }

  /** One cheap RPC with a short deadline. */
  public static boolean answers(WorkflowServiceStubs service) {
    try {
      service
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Temporal", e);
    }
  }
}
