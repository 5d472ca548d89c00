package dev.oncelane.relay;

/**
 * A delivery that is well formed and authentic but that the lane does not sync (an event type the
 * source does not sync, a response without an email). It is acknowledged with {@code 200
 * {"status":"ignored","reason":…}} so the sender stops retrying, counted, and starts nothing.
 */
public final class Ignored extends RuntimeException {

  public Ignored(String reason) {
    super(reason, null, false, false);
  }

  /** The sentence for the sender, e.g. {@code event_type form_response_partial is not synced}. */
  public String reason() {
    return getMessage();
  }
}
