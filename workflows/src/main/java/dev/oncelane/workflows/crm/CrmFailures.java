package dev.oncelane.workflows.crm;

/**
 * The failure classes CRM activities raise, as {@code ApplicationFailure} types. The workflow
 * branches on the non-retryable ones; the others are retried by the activity retry policy.
 */
public final class CrmFailures {

  /** 409 on create. Non-retryable; details: {@link ConflictDetails}. */
  public static final String CONFLICT = "CrmConflict";

  /** 400 validation error. Non-retryable; message: the CRM's. */
  public static final String VALIDATION = "CrmValidation";

  /** 404 on update or read by id. Non-retryable. */
  public static final String NOT_FOUND = "CrmNotFound";

  /** 429. Retried after the delay the rate-limit headers give. */
  public static final String RATE_LIMITED = "CrmRateLimited";

  /** 401/403. Retried with a long backoff so a bad token pauses the lane. */
  public static final String AUTH = "CrmAuth";

  /** 5xx, timeouts, connection failures. Retried with exponential backoff. */
  public static final String UNAVAILABLE = "CrmUnavailable";

  private CrmFailures() {}
}
