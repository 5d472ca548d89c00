package dev.oncelane.activities.imports;

/**
 * Thrown by a {@link RowStarter} when a row's start is refused for good: starting it again would be
 * refused again, so the feed records it ({@link ImportStore#refuse}) and moves on instead of
 * retrying.
 */
public final class RowRefused extends RuntimeException {

  /**
   * The event's workflow input is over the lane's limit ({@code ONCELANE_RELAY_MAX_INPUT_BYTES}) or
   * Temporal's own size limits.
   */
  public static final String INPUT_TOO_LARGE = "input_too_large";

  /**
   * Another event already ran under the row's processing id with other values (Temporal's run holds
   * another payload hash).
   */
  public static final String KEY_REUSED = "key_reused";

  /** Temporal refused the start for another reason that a retry does not change. */
  public static final String START_REFUSED = "start_refused";

  private final String reason;

  /**
   * @param reason {@link #INPUT_TOO_LARGE}, {@link #KEY_REUSED} or {@link #START_REFUSED}
   * @param message the sentence the result file shows, e.g. {@code "another event already ran under
   *     this key with other values; import under another --name to apply it"}
   */
  public RowRefused(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The reason code, stored as the row's {@code start_problem}. */
  public String reason() {
    return reason;
  }
}
