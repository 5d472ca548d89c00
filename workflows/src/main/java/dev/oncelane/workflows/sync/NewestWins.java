package dev.oncelane.workflows.sync;

import dev.oncelane.workflows.freshness.Freshness;
import dev.oncelane.workflows.freshness.OrderingKey;
import dev.oncelane.workflows.ledger.LedgerActivities;
import dev.oncelane.workflows.lock.ContactLock;
import dev.oncelane.workflows.lock.LockSettings;
import dev.oncelane.workflows.policy.LaneOrdering;
import io.temporal.workflow.Workflow;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The lane's newest-wins machinery, kept out of the business flow: one writer per contact (the
 * contact's lock, held around each write attempt and never while waiting for a person) and
 * per-property freshness (ask the ledger before writing, record after). Runs recorded before this
 * existed (change id {@value #CHANGE_ID}) take neither: their histories replay unchanged.
 */
final class NewestWins {

  /** Change id of the newest-wins lane. */
  static final String CHANGE_ID = "newest-wins-v1";

  private final boolean enabled;
  private final LedgerActivities ledger;
  private final OrderingKey key;
  private final ContactLock lock;

  private NewestWins(boolean enabled, LedgerActivities ledger, OrderingKey key, ContactLock lock) {
    this.enabled = enabled;
    this.ledger = ledger;
    this.key = key;
    this.lock = lock;
  }

  /**
   * Decides, once per run, whether this run takes the newest-wins path: when it began on code that
   * has it and its recorded settings ask for it ({@link LaneOrdering#LAST_WRITER_WINS} is the
   * benchmark's "before"). The event's ordering key falls back to the run's start time (from
   * history) for events without an accept time.
   */
  static NewestWins forRun(
      ContactEvent event, LedgerActivities ledger, LockSettings settings, LaneOrdering ordering) {
    // Asked whatever the ordering, so the marker is in every new history as before.
    boolean enabled =
        Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION
            && ordering == LaneOrdering.NEWEST_WINS;
    OrderingKey key = OrderingKey.of(event, Workflow.getInfo().getRunStartedTimestampMillis());
    return new NewestWins(enabled, ledger, key, enabled ? ContactLock.forThisRun(settings) : null);
  }

  /** Runs {@code write} as the only writer of {@code email}'s contact, releasing it afterwards. */
  <T> T holdingContact(String email, Supplier<T> write) {
    return enabled ? lock.holding(email, write) : write.get();
  }

  /** Which of {@code properties} this event is the newest for on {@code email}'s contact. */
  Freshness freshness(String email, Collection<String> properties) {
    Set<String> names = new TreeSet<>(properties);
    names.remove("email");
    return enabled ? ledger.freshProperties(email, key, names) : Freshness.allFresh(names);
  }

  /** Records that this event wrote {@code properties} to {@code email}'s contact. */
  void recordWritten(String email, Collection<String> properties) {
    Set<String> names = new TreeSet<>(properties);
    names.remove("email");
    if (enabled && !names.isEmpty()) {
      ledger.recordWritten(email, key, names);
    }
  }
}
