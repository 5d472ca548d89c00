package dev.oncelane.workflows.review;

/**
 * Why an event waits for a person, or why it ended without a CRM write: the ledger's {@code reason}
 * and the {@code OncelaneReason} search attribute. The codes are the wire values (ledger, search
 * attributes, CLI); the JSON of {@code SyncResult} and {@code SyncState} carries the names.
 */
public enum ReviewReason {
  /** The CRM answered 409 and no rule found the existing contact's id. */
  UNRESOLVED_CONFLICT("unresolved_conflict"),
  /** The CRM refused the values (bad email, unknown property). */
  VALIDATION_ERROR("validation_error"),
  /** The contact being updated was deleted or merged away and could not be found again. */
  OBJECT_GONE("object_gone"),
  /** Nobody decided before the review deadline. */
  REVIEW_EXPIRED("review_expired"),
  /**
   * A redelivery after Temporal forgot the id carries a payload other than the one the ledger
   * settled under this key: someone reused the key for a different event.
   */
  KEY_REUSED("key_reused"),
  /**
   * A failure the lane does not handle (an unexpected activity failure, a bug): the event ends
   * {@code failed}, with the error in the trail, and can run again.
   */
  LANE_ERROR("lane_error");

  private final String code;

  ReviewReason(String code) {
    this.code = code;
  }

  /** The name used in the ledger, search attributes and the CLI. */
  public String code() {
    return code;
  }

  public static ReviewReason fromCode(String code) {
    for (ReviewReason r : values()) {
      if (r.code.equalsIgnoreCase(code) || r.name().equalsIgnoreCase(code)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown review reason: " + code);
  }
}
