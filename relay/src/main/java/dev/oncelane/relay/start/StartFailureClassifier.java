package dev.oncelane.relay.start;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * Decides what a failed call to Temporal (a start, or the lookup of an existing run) means for the
 * sender. The gRPC status code and, where the code alone is ambiguous, the server's message decide:
 *
 * <table>
 *   <caption>Temporal's refusals and the relay's answers</caption>
 *   <tr><th>gRPC status (Temporal's message)</th><th>meaning</th><th>thrown</th><th>HTTP</th></tr>
 *   <tr><td>{@code INVALID_ARGUMENT} ("Blob data size exceeds limit.", "Memo size exceeds
 *       limit.")</td><td>input over the server's {@code limit.blobSize.error} (2 MiB by
 *       default)</td><td>{@link InputTooLarge}</td><td>413</td></tr>
 *   <tr><td>{@code RESOURCE_EXHAUSTED} ("grpc: received message larger than max …")</td>
 *       <td>request over the 4 MiB gRPC message limit</td><td>{@link InputTooLarge}</td>
 *       <td>413</td></tr>
 *   <tr><td>{@code RESOURCE_EXHAUSTED} (any other: rate limit, busy)</td><td>server busy; the SDK
 *       retried until the start timeout</td><td>{@link TemporalUnavailable}</td>
 *       <td>503 + Retry-After</td></tr>
 *   <tr><td>{@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}, {@code ABORTED}, {@code INTERNAL},
 *       {@code UNKNOWN}, cancelled</td><td>outage, or no answer within the start timeout</td>
 *       <td>{@link TemporalUnavailable}</td><td>503 + Retry-After</td></tr>
 *   <tr><td>{@code NOT_FOUND} ("Namespace … is not found."), {@code PERMISSION_DENIED},
 *       {@code UNAUTHENTICATED}, {@code FAILED_PRECONDITION}, {@code UNIMPLEMENTED}</td>
 *       <td>the lane's own set-up is wrong</td><td>{@link LaneMisconfigured}</td>
 *       <td>503 + Retry-After</td></tr>
 *   <tr><td>{@code INVALID_ARGUMENT} mentioning a search attribute</td><td>search attributes
 *       not registered</td><td>{@link LaneMisconfigured}</td><td>503 + Retry-After</td></tr>
 *   <tr><td>anything else (another {@code INVALID_ARGUMENT}, …)</td><td>a request the relay
 *       should not have made</td><td>the original exception</td><td>500</td></tr>
 * </table>
 *
 * <p>A misconfigured lane answers 503 rather than a 4xx or 500: the event is fine and senders keep
 * retrying a 503, so no event is dropped while an operator fixes the set-up; the relay's {@code
 * /readyz} and an error-level log make the fault loud.
 */
public final class StartFailureClassifier {

  private StartFailureClassifier() {}

  /**
   * The exception to throw for {@code failure}.
   *
   * @param failure what the SDK threw (a {@link StatusRuntimeException} somewhere in its causes)
   * @param timeout the deadline the call ran under, for the message
   * @param inputBytes the serialized workflow input's size in bytes, 0 for calls without input
   * @param maxInputBytes the relay's input limit in bytes, for the message
   * @return a {@link StartRefused}, or {@code failure} itself when it is none of the known kinds
   */
  public static RuntimeException classify(
      RuntimeException failure, Duration timeout, long inputBytes, long maxInputBytes) {
    if (causedBy(failure, CancellationException.class)) {
      return new TemporalUnavailable(
          "Temporal did not answer in time (CANCELLED, deadline " + timeout.toMillis() + " ms)",
          failure);
    }
    StatusRuntimeException status = statusOf(failure);
    if (status == null) {
      return failure;
    }
    Status.Code code = status.getStatus().getCode();
    String message = String.valueOf(status.getStatus().getDescription());
    String lower = message.toLowerCase(Locale.ROOT);
    switch (code) {
      case INVALID_ARGUMENT:
        if (lower.contains("size exceeds limit")) {
          return tooLarge(inputBytes, maxInputBytes, "its blob size limit", message, failure);
        }
        if (lower.contains("search attribute")) {
          return misconfigured(code, message, failure);
        }
        return failure;
      case RESOURCE_EXHAUSTED:
        if (lower.contains("larger than max")) {
          return tooLarge(inputBytes, maxInputBytes, "its gRPC message limit", message, failure);
        }
        return new TemporalUnavailable(
            "Temporal is busy (RESOURCE_EXHAUSTED: " + message + ")", failure);
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
      case ABORTED:
      case INTERNAL:
      case UNKNOWN:
      case CANCELLED:
        return new TemporalUnavailable(
            "Temporal did not answer in time ("
                + code
                + ", deadline "
                + timeout.toMillis()
                + " ms)",
            failure);
      case NOT_FOUND:
      case PERMISSION_DENIED:
      case UNAUTHENTICATED:
      case FAILED_PRECONDITION:
      case UNIMPLEMENTED:
        return misconfigured(code, message, failure);
      default:
        return failure;
    }
  }

  private static InputTooLarge tooLarge(
      long inputBytes, long maxInputBytes, String limit, String message, Throwable cause) {
    return new InputTooLarge(
        inputBytes,
        maxInputBytes,
        InputTooLarge.RefusedBy.TEMPORAL,
        "Temporal refused the event's workflow input of "
            + inputBytes
            + " bytes: it is over "
            + limit
            + " ("
            + message
            + "); Temporal's blob size limit is limit.blobSize.error, 2 MiB unless the server sets"
            + " it lower, and the relay's own limit is "
            + maxInputBytes
            + " bytes",
        cause);
  }

  private static LaneMisconfigured misconfigured(
      Status.Code code, String message, Throwable cause) {
    return new LaneMisconfigured(
        "Temporal refused the start because the lane is not set up right ("
            + code
            + ": "
            + message
            + ")",
        cause);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static StatusRuntimeException statusOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status) {
        return status;
      }
    }
    return null;
  }
}
