package dev.oncelane.workflows.sync;

import dev.oncelane.workflows.review.ReviewDecision;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Writes one inbound event to the CRM exactly once: look up, create or update, resolve a 409, and
 * hand what no rule can settle to a person.
 *
 * <p>The workflow id is the event's processing id ({@code <source>:<key>}), so a redelivered event
 * cannot start a second run.
 *
 * <p><b>Decisions.</b> An event in {@code manual_review} waits for one operator decision ({@link
 * ReviewDecision}) at a time, as the Update {@value #DECIDE_UPDATE} or the Signal {@value
 * #DECIDE_SIGNAL}. Every decision the workflow accepts is answered exactly once. A decision is
 * refused, with a reason, when it is malformed (see {@link ReviewDecision#validate()}), when no
 * review is open, while another decision is being applied, and from the review deadline on ({@code
 * review expired at <ISO-8601 instant>}); one accepted before the deadline is applied even if the
 * deadline passes meanwhile. The review deadline, like every {@code LaneSettings} value, is fixed
 * when the run starts.
 */
@WorkflowInterface
public interface ContactSyncWorkflow {

  /** The task queue the worker polls and the relay starts on. */
  String TASK_QUEUE = "oncelane-contact-sync";

  /**
   * The task queue imported rows run on: the same workflow and activities, polled by every lane
   * worker with a few slots, so a live event never waits in {@link #TASK_QUEUE} behind an import's
   * rows. The import workflow itself, the contact locks and the CRM budget stay on {@link
   * #TASK_QUEUE}.
   */
  String IMPORT_TASK_QUEUE = "oncelane-contact-sync-import";

  /** The signal name for {@link #decideSignal}, as typed in the Web UI or {@code temporal}. */
  String DECIDE_SIGNAL = "decide";

  /** The update name for {@link #decide}. */
  String DECIDE_UPDATE = "resolveReview";

  @WorkflowMethod(name = "ContactSync")
  SyncResult sync(ContactEvent event);

  /**
   * An operator's decision on an event in manual review, answered with where it left the event
   * (e.g. {@code completed}, or {@code manual_review} again when a retry fails again). Fails with
   * an {@code ApplicationFailure} of type {@code DecisionRefused} and the reason when the decision
   * cannot be applied (e.g. adopting an id the CRM does not have; the event stays in review).
   */
  @UpdateMethod(name = DECIDE_UPDATE)
  SyncResult decide(ReviewDecision decision);

  /**
   * Refuses, before anything is written to the history: a malformed decision ({@link
   * IllegalArgumentException}), or one the workflow cannot take now ({@link IllegalStateException}:
   * no review open, another decision being applied, review expired).
   */
  @UpdateValidatorMethod(updateName = DECIDE_UPDATE)
  void validateDecision(ReviewDecision decision);

  /**
   * The same decision as a signal, for the Temporal Web UI and {@code temporal workflow signal}. A
   * decision the Update's validator would refuse is refused here too, and noted in the ledger trail
   * (a step that does not move the event: actor = the decision's {@code by} or {@code unknown},
   * detail {@code decision refused: <why>: <decision>}); one that cannot be applied is recorded
   * there as well. Nothing is answered.
   */
  @SignalMethod(name = DECIDE_SIGNAL)
  void decideSignal(ReviewDecision decision);

  @QueryMethod(name = "state")
  SyncState state();
}
