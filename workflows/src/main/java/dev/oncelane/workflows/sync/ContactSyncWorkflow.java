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
 */
@WorkflowInterface
public interface ContactSyncWorkflow {

  /** The task queue the worker polls and the relay starts on. */
  String TASK_QUEUE = "oncelane-contact-sync";

  /** The signal name for {@link #decideSignal}, as typed in the Web UI or {@code temporal}. */
  String DECIDE_SIGNAL = "decide";

  /** The update name for {@link #decide}. */
  String DECIDE_UPDATE = "resolveReview";

  @WorkflowMethod(name = "ContactSync")
  SyncResult sync(ContactEvent event);

  /**
   * An operator's decision on an event in manual review, answered with where it left the event.
   * Fails with the reason when the decision cannot be applied (e.g. adopting an id the CRM does not
   * have).
   */
  @UpdateMethod(name = DECIDE_UPDATE)
  SyncResult decide(ReviewDecision decision);

  /** Refuses a malformed decision, or one for an event that is not waiting for a person. */
  @UpdateValidatorMethod(updateName = DECIDE_UPDATE)
  void validateDecision(ReviewDecision decision);

  /**
   * The same decision as a signal, for the Temporal Web UI and {@code temporal workflow signal}. A
   * decision that cannot be applied is recorded in the ledger trail and otherwise ignored.
   */
  @SignalMethod(name = DECIDE_SIGNAL)
  void decideSignal(ReviewDecision decision);

  @QueryMethod(name = "state")
  SyncState state();
}
