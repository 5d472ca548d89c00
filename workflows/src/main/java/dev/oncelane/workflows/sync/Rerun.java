package dev.oncelane.workflows.sync;

/**
 * Who started a new run of a failed event, and why; rides in {@link ContactEvent#rerun()} so the
 * ledger's {@code failed → processing} step names the operator, not the lane.
 *
 * @param by the operator, e.g. {@code alice}
 * @param reason why, for the trail; may be null
 */
public record Rerun(String by, String reason) {

  /** The trail's sentence for the step back to {@code processing}. */
  public String describe() {
    return reason == null || reason.isBlank() ? "rerun" : "rerun: " + reason;
  }
}
