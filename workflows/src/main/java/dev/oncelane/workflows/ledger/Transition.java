package dev.oncelane.workflows.ledger;

/**
 * One step of an event's trail. The workflow numbers its steps, so a retried activity that writes
 * the same {@code (processingId, seq)} again changes nothing.
 *
 * @param processingId the event's workflow id
 * @param seq the step's number within the event, from 1
 * @param from the status before the step
 * @param to the status after the step
 * @param atMillis when, by the workflow's deterministic clock (epoch millis)
 * @param actor {@code oncelane} for the lane's own steps, else the operator who decided
 * @param reason the review reason, for steps into or out of review
 * @param crmId the CRM contact written, once known
 * @param detail a sentence for people
 * @param errorPayload the CRM's own message for the failure that caused the step, if any
 * @param crmWrites how many CRM writes (creates and updates) the workflow has issued so far
 */
public record Transition(
    String processingId,
    int seq,
    SyncStatus from,
    SyncStatus to,
    long atMillis,
    String actor,
    String reason,
    String crmId,
    String detail,
    String errorPayload,
    int crmWrites) {

  /** The actor of every step the lane takes by itself. */
  public static final String LANE_ACTOR = "oncelane";

  /**
   * A note: a step that records something (e.g. a refused decision) without moving the event, so
   * {@code from == to} and it carries no review reason. A {@code manual_review → manual_review}
   * step with a reason is a new review round, not a note. The ledger keeps a note in the trail and
   * leaves the event's row as it was.
   */
  public boolean recordsANote() {
    return from != null && from == to && reason == null;
  }
}
