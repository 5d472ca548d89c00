package dev.oncelane.relay.start;

/**
 * Temporal did not durably accept the start in time; nothing may be acknowledged and the sender
 * should retry.
 */
public final class TemporalUnavailable extends RuntimeException {

  public TemporalUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
