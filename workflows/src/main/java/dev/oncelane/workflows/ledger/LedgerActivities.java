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
   * Records a new event as {@code received → processing} (steps 1 and 2) and returns its row. For
   * an event the ledger already knows, changes nothing and returns the row as it stands: a settled
   * status there means a late redelivery.
   */
  LedgerEntry begin(ContactEvent event);

  /**
   * Appends one step and moves the current status. Writing a step already recorded (same {@code
   * processingId} and {@code seq}) is a no-op; a step that leaves the graph of {@link
   * SyncStatus#canMoveTo} fails without retry.
   */
  void record(Transition transition);

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
