package dev.oncelane.workflows.ledger;

import dev.oncelane.workflows.freshness.Freshness;
import dev.oncelane.workflows.freshness.OrderingKey;
import dev.oncelane.workflows.sync.ContactEvent;
import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Set;

/** The state ledger, as the workflow writes it. Every call is safe to repeat. */
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

  /**
   * Which of {@code properties} an event with ordering key {@code key} may write to the contact
   * {@code objectKey}: those for which the ledger has no value, one written by an older event, or
   * one written by this same event. For each other property, the newer event that holds it. Reads
   * only.
   *
   * @param objectKey the contact's email, normalized
   * @param properties CRM property names, e.g. {@code firstname}; the email itself is never asked
   */
  Freshness freshProperties(String objectKey, OrderingKey key, Set<String> properties);

  /**
   * Records that the event with {@code key} wrote {@code properties} to the contact: a
   * compare-and-set per property that only moves forward, so a property whose recorded value came
   * from a newer event keeps it.
   *
   * @return the properties whose record moved to {@code key}, sorted; a repeated call returns none
   */
  List<String> recordWritten(String objectKey, OrderingKey key, Set<String> properties);
}
