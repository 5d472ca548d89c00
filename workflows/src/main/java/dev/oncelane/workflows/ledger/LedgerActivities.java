package dev.oncelane.workflows.ledger;

import dev.oncelane.workflows.sync.ContactEvent;
import io.temporal.activity.ActivityInterface;

/** The state ledger, as the workflow writes it. Both calls are safe to repeat. */
@ActivityInterface(namePrefix = "Ledger")
public interface LedgerActivities {

  /**
   * Records a new event as {@code received → processing} (steps 1 and 2) and returns its row. A
   * {@code failed} event with the same payload hash runs again: the trail continues with {@code
   * failed → processing} (actor: the operator of {@link ContactEvent#rerun()}, else the lane). For
   * any other event the ledger already knows, changes nothing and returns the row as it stands: a
   * settled status there means a late redelivery, or (another payload hash) a reused key.
   */
  LedgerEntry begin(ContactEvent event);

  /**
   * Appends one step and moves the current status, and returns the number the step got.
   *
   * <ul>
   *   <li>A step already recorded with the same {@code seq}, {@code from} and {@code to} is a
   *       retry: nothing is written, and its {@code seq} is returned.
   *   <li>A step whose {@code seq} is taken by a different step (a run after a Temporal Reset, or
   *       any run that replays old step numbers) is a <em>rewrite</em>: it is appended under the
   *       next free {@code seq}, marked as rewriting the old one, and the event's status follows
   *       it; that new {@code seq} is returned, and the workflow numbers on from there.
   *   <li>A step that leaves the graph of {@link SyncStatus#canMoveTo} fails without retry.
   * </ul>
   *
   * @return the {@code seq} the step is recorded under; null only in histories recorded before this
   *     method answered (the workflow then keeps its own number)
   */
  Integer record(Transition transition);
}
