package dev.oncelane.relay;

/**
 * A delivery the relay refuses, with the reason and a sentence telling the sender what to fix. The
 * detail is sent back to the sender, so it never holds secrets.
 */
public final class Rejection extends RuntimeException {

  private final RejectionReason reason;

  public Rejection(RejectionReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public RejectionReason reason() {
    return reason;
  }

  /** The sentence for the sender. */
  public String detail() {
    return getMessage();
  }
}
