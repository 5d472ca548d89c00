package dev.oncelane.relay.start;

/**
 * Temporal did not durably accept the start in time: it is unreachable, did not answer within the
 * start timeout, or is busy (rate limited, overloaded). Nothing may be acknowledged and the sender
 * should retry the same delivery later.
 */
public final class TemporalUnavailable extends StartRefused {

  public TemporalUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
