package dev.oncelane.relay.admission;

import java.time.Duration;
import java.util.Objects;

/**
 * The relay is at its start capacity and did not take this delivery: nothing was started, and the
 * sender should send the same delivery again after {@link #retryAfter()}. Answered {@code 503
 * relay_overloaded} with {@code Retry-After}.
 */
public final class RelayOverloaded extends RuntimeException {

  private final transient Duration retryAfter;

  public RelayOverloaded(String message, Duration retryAfter) {
    super(message, null, false, false);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** How long the sender is asked to wait before sending again (whole seconds on the wire). */
  public Duration retryAfter() {
    return retryAfter;
  }
}
