package dev.oncelane.workflows.ledger;

import dev.oncelane.workflows.sync.ContactEvent;
import io.temporal.activity.ActivityInterface;

/** The state ledger, as the workflow writes it. Both calls are safe to repeat. */
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
}
