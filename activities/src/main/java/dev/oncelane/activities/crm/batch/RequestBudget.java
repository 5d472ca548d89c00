package dev.oncelane.activities.crm.batch;

import java.time.Duration;

/**
 * Where the {@link CrmBatcher} gets leave to send one HTTP request to the CRM. The batcher asks
 * only when it has something to send, and sends exactly one request (one batch, or one single call)
 * per request granted.
 */
@FunctionalInterface
public interface RequestBudget {

  /** No budget: every request may go at once. */
  RequestBudget UNLIMITED = maxWait -> true;

  /**
   * Waits up to {@code maxWait} for leave to send one request.
   *
   * @return true when one request is granted (it must be sent now), false when none came in time
   * @throws InterruptedException when the waiting thread is interrupted
   */
  boolean acquire(Duration maxWait) throws InterruptedException;
}
