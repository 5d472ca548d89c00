package dev.oncelane.relay.start;

/**
 * Temporal did not take the start, and nothing was recorded. Each kind tells the sender something
 * different; {@link StartFailureClassifier} decides which one a gRPC failure is.
 */
public abstract sealed class StartRefused extends RuntimeException
    permits TemporalUnavailable, InputTooLarge, LaneMisconfigured {

  StartRefused(String message, Throwable cause) {
    super(message, cause);
  }
}
