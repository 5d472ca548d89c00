package dev.oncelane.activities.budget;

import dev.oncelane.activities.crm.batch.RequestBudget;
import dev.oncelane.workflows.budget.CrmPermit;
import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Where permit activities meet this worker's CRM batcher: a request passes hand to hand, from a
 * running permit to a batcher that wants one at that moment, so it is sent while the permit is
 * valid and is never stored for later. The batcher asks only when it has something to send.
 */
public final class PermitExchange implements RequestBudget {

  private static final Object REQUEST = new Object();

  private final SynchronousQueue<Object> handoff = new SynchronousQueue<>(true);

  @Override
  public boolean acquire(Duration maxWait) throws InterruptedException {
    return handoff.poll(maxWait.toNanos(), TimeUnit.NANOSECONDS) != null;
  }

  /**
   * Hands out the permit's requests, one to each batcher request, until they are all used, the
   * permit's validity is over, or no request is wanted for its idle wait.
   *
   * @return how many were used
   * @throws InterruptedException when the activity's thread is interrupted (worker stopping)
   */
  public int hand(CrmPermit permit) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(permit.validMillis());
    int used = 0;
    while (used < permit.requests()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      long wait = Math.min(left, TimeUnit.MILLISECONDS.toNanos(permit.idleWaitMillis()));
      if (!handoff.offer(REQUEST, wait, TimeUnit.NANOSECONDS)) {
        break;
      }
      used++;
    }
    return used;
  }
}
