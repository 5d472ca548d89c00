package dev.oncelane.workflows.lock;

import java.time.Duration;
import java.util.Objects;

/**
 * How a contact's lock behaves. Carried in the lock workflow's input, so a run keeps the settings
 * it started with.
 *
 * @param lease how long a holder may keep the lock without releasing it; past that the next waiter
 *     gets it. Longer than the lane's work under the lock when every CRM call succeeds at its first
 *     attempt: at most 8 CRM calls of 30 s start-to-close each and 14 s of re-lookup backoff, about
 *     4.5 min (see the README, "Newest wins")
 * @param grantsBeforeContinueAsNew grants after which the lock continues as new, carrying its
 *     holder and waiters, to keep its history small
 * @param idleLinger how long a lock with no holder and no waiter stays open for the contact's next
 *     event before it completes (a later request starts a new run)
 */
public record LockSettings(Duration lease, int grantsBeforeContinueAsNew, Duration idleLinger) {

  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(10);

  public LockSettings {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(idleLinger, "idleLinger");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive");
    }
    if (grantsBeforeContinueAsNew < 1) {
      throw new IllegalArgumentException("grantsBeforeContinueAsNew must be at least 1");
    }
    if (idleLinger.isNegative()) {
      throw new IllegalArgumentException("idleLinger must not be negative");
    }
  }

  /** A 10-minute lease, continue-as-new every 500 grants, 10 s idle linger. */
  public static LockSettings defaults() {
    return new LockSettings(DEFAULT_LEASE, 500, Duration.ofSeconds(10));
  }
}
