package dev.oncelane.workflows.review;

/** Why an event waits for a person, or why a review ended without one. */
public enum ReviewReason {
  /** The CRM answered 409 and no rule found the existing contact's id. */
  UNRESOLVED_CONFLICT("unresolved_conflict"),
  /** The CRM refused the values (bad email, unknown property). */
  VALIDATION_ERROR("validation_error"),
  /** The contact being updated was deleted or merged away and could not be found again. */
  OBJECT_GONE("object_gone"),
  /** Nobody decided before the review deadline. */
  REVIEW_EXPIRED("review_expired");

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
