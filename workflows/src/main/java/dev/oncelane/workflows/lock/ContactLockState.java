package dev.oncelane.workflows.lock;

import java.util.List;

/**
 * A contact lock's state, as one run hands it to the next at continue-as-new (and as a new lock
 * starts: no holder, no waiters).
 *
 * @param settings the lock's settings
 * @param holder the request holding the lock, or null
 * @param leaseExpiresAtMillis when the holder's lease ends, epoch milliseconds; 0 without holder
 * @param waiters requests waiting, first come first
 * @param released ids of the latest released requests, so a late copy of one is not queued again
 */
public record ContactLockState(
    LockSettings settings,
    LockRequest holder,
    long leaseExpiresAtMillis,
    List<LockRequest> waiters,
    List<String> released) {

  public ContactLockState {
    waiters = waiters == null ? List.of() : List.copyOf(waiters);
    released = released == null ? List.of() : List.copyOf(released);
  }

  /** A lock nobody holds or waits for. */
  public static ContactLockState unheld(LockSettings settings) {
    return new ContactLockState(settings, null, 0, List.of(), List.of());
  }
}
