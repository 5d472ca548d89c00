package dev.oncelane.relay;

import java.util.Locale;

/**
 * Why the relay refused a delivery: a stable, machine-readable code with the HTTP status and title
 * it is answered with. The code appears as {@code reason} in every problem answer and in metrics.
 */
public enum RejectionReason {
  UNSUPPORTED_MEDIA_TYPE(415, "Body must be JSON"),
  BODY_TOO_LARGE(413, "Body too large"),
  INPUT_TOO_LARGE(413, "Event too large for Temporal"),
  MALFORMED_JSON(400, "Body is not valid JSON"),
  MISSING_KEY(400, "No idempotency key"),
  INVALID_KEY(400, "Idempotency key not usable"),
  MISSING_EMAIL(400, "No email in the event"),
  INVALID_EVENT(400, "Event not understood"),
  SIGNATURE_MISSING(401, "Signature missing"),
  SIGNATURE_INVALID(401, "Signature does not match"),
  SIGNATURE_TIMESTAMP_INVALID(401, "Signature timestamp outside the tolerance"),
  PAYLOAD_MISMATCH(422, "Same key, different payload"),
  NOT_FOUND(404, "No such endpoint"),
  START_FAILED(500, "Temporal refused the start"),
  INTERNAL_ERROR(500, "Internal error"),
  TEMPORAL_UNAVAILABLE(503, "Temporal cannot accept the event right now"),
  RELAY_OVERLOADED(503, "The relay is at capacity"),
  LANE_MISCONFIGURED(503, "The lane is not set up to accept events");

  private final int status;
  private final String title;

  RejectionReason(int status, String title) {
    this.status = status;
    this.title = title;
  }

  /** The HTTP status this reason is answered with. */
  public int status() {
    return status;
  }

  /** A short, human-readable summary that does not change from occurrence to occurrence. */
  public String title() {
    return title;
  }

  /** The code as it appears in answers and metrics, e.g. {@code signature_invalid}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
