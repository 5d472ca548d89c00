package dev.oncelane.activities.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.oncelane.workflows.budget.CrmBudgetPlan;
import dev.oncelane.workflows.budget.CrmPermit;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CrmBudgetActivitiesImplTest {

  @Test
  void aPermitFromALargerBudgetsPlanIsWorthNoMoreThanThisWorkersOwnPlanAllows() throws Exception {
    CrmPermit local = CrmBudgetPlan.forBudget(20).permit();
    CrmPermit workflows = CrmBudgetPlan.forBudget(190).permit();
    PermitExchange exchange = new PermitExchange();
    AtomicInteger granted = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    Thread batcher =
        new Thread(
            () -> {
              try {
                while (!stop.get()) {
                  if (exchange.acquire(Duration.ofMillis(50))) {
                    granted.incrementAndGet();
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    batcher.start();
    try {
      int used = new CrmBudgetActivitiesImpl(exchange, local).usePermit(workflows);

      assertEquals(local.requests(), used, "the local plan's requests per permit");
    } finally {
      stop.set(true);
      batcher.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertEquals(local.requests(), granted.get(), "what the batcher was handed");
  }
}
