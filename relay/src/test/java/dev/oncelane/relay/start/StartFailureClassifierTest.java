package dev.oncelane.relay.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowServiceException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class StartFailureClassifierTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final long INPUT = 300_000;
  private static final long LIMIT = 1_572_864;

  /** As the SDK throws it: the gRPC status wrapped in a WorkflowServiceException. */
  private static RuntimeException refused(Status.Code code, String message) {
    return new WorkflowServiceException(
        WorkflowExecution.newBuilder().setWorkflowId("generic:k").build(),
        "ContactSyncWorkflow",
        new StatusRuntimeException(Status.fromCode(code).withDescription(message)));
  }

  private static RuntimeException classify(RuntimeException failure) {
    return StartFailureClassifier.classify(failure, TIMEOUT, INPUT, LIMIT);
  }

  @Test
  void temporalsBlobSizeLimitIsAnInputTooLargeNamingBothSizes() {
    RuntimeException e =
        classify(refused(Status.Code.INVALID_ARGUMENT, "Blob data size exceeds limit."));

    InputTooLarge tooLarge = assertInstanceOf(InputTooLarge.class, e);
    assertEquals(InputTooLarge.RefusedBy.TEMPORAL, tooLarge.refusedBy());
    assertEquals(INPUT, tooLarge.inputBytes());
    assertTrue(tooLarge.getMessage().contains("limit.blobSize.error"), tooLarge.getMessage());
    assertTrue(tooLarge.getMessage().contains("300000 bytes"), tooLarge.getMessage());
  }

  @Test
  void temporalsMemoSizeLimitIsAnInputTooLarge() {
    assertInstanceOf(
        InputTooLarge.class,
        classify(refused(Status.Code.INVALID_ARGUMENT, "Memo size exceeds limit.")));
  }

  @Test
  void theGrpcMessageLimitIsAnInputTooLargeNotABusyServer() {
    assertInstanceOf(
        InputTooLarge.class,
        classify(
            refused(
                Status.Code.RESOURCE_EXHAUSTED,
                "grpc: received message larger than max (5242880 vs. 4194304)")));
  }

  @Test
  void aBusyOrRateLimitedServerIsUnavailable() {
    assertInstanceOf(
        TemporalUnavailable.class,
        classify(refused(Status.Code.RESOURCE_EXHAUSTED, "namespace rate limit exceeded")));
  }

  @Test
  void anOutageOrASilentServerIsUnavailable() {
    for (Status.Code code :
        new Status.Code[] {
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.ABORTED,
          Status.Code.INTERNAL,
          Status.Code.UNKNOWN
        }) {
      assertInstanceOf(TemporalUnavailable.class, classify(refused(code, "x")), code.toString());
    }
  }

  @Test
  void aCancelledCallIsUnavailable() {
    RuntimeException failure =
        new WorkflowServiceException(
            WorkflowExecution.newBuilder().setWorkflowId("generic:k").build(),
            "ContactSyncWorkflow",
            new CancellationException("The gRPC request was cancelled"));

    assertInstanceOf(TemporalUnavailable.class, classify(failure));
  }

  @Test
  void aMissingNamespaceIsTheLanesMisconfiguration() {
    RuntimeException e =
        classify(refused(Status.Code.NOT_FOUND, "Namespace oncelane is not found."));

    assertInstanceOf(LaneMisconfigured.class, e);
    assertTrue(e.getMessage().contains("Namespace oncelane is not found."), e.getMessage());
  }

  @Test
  void refusedCredentialsAndMissingFeaturesAreTheLanesMisconfiguration() {
    for (Status.Code code :
        new Status.Code[] {
          Status.Code.PERMISSION_DENIED,
          Status.Code.UNAUTHENTICATED,
          Status.Code.FAILED_PRECONDITION,
          Status.Code.UNIMPLEMENTED
        }) {
      assertInstanceOf(LaneMisconfigured.class, classify(refused(code, "x")), code.toString());
    }
  }

  @Test
  void unregisteredSearchAttributesAreTheLanesMisconfiguration() {
    assertInstanceOf(
        LaneMisconfigured.class,
        classify(
            refused(
                Status.Code.INVALID_ARGUMENT,
                "Namespace default has no mapping defined for search attribute OncelaneStatus.")));
  }

  @Test
  void anyOtherRefusalIsLeftAsItIs() {
    RuntimeException other =
        refused(Status.Code.INVALID_ARGUMENT, "WorkflowId length exceeds limit.");
    RuntimeException plain = new IllegalStateException("not a gRPC failure");

    assertSame(other, classify(other));
    assertSame(plain, classify(plain));
  }
}
