package dev.oncelane.activities.budget;

import dev.oncelane.workflows.budget.CrmBudgetActivities;
import dev.oncelane.workflows.budget.CrmPermit;
import java.util.Objects;

/** The permit activity: hands the permit's requests to this worker's batcher. */
public final class CrmBudgetActivitiesImpl implements CrmBudgetActivities {

  private final PermitExchange exchange;

  public CrmBudgetActivitiesImpl(PermitExchange exchange) {
    this.exchange = Objects.requireNonNull(exchange, "exchange");
  }

  @Override
  public int usePermit(CrmPermit permit) {
    try {
      return exchange.hand(permit);
    } catch (InterruptedException e) {
      // The worker is stopping: what was not handed out is simply not spent.
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
