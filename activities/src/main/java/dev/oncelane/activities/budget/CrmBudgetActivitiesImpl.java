package dev.oncelane.activities.budget;

import dev.oncelane.workflows.budget.CrmBudgetActivities;
import dev.oncelane.workflows.budget.CrmPermit;
import java.util.Objects;

/**
 * The permit activity: hands the permit's requests to this worker's batcher, never more per permit
 * than this worker's own plan allows.
 *
 * <p>The budget workflow keeps the plan of the worker that started it (through continue-as-new),
 * while each worker limits the permit queue by its own plan. A worker running a smaller budget than
 * the workflow's would otherwise send the workflow's larger permits at its own rate; capping each
 * permit at the local plan's requests and validity keeps it within its own budget.
 */
public final class CrmBudgetActivitiesImpl implements CrmBudgetActivities {

  private final PermitExchange exchange;
  private final CrmPermit local;

  /**
   * @param exchange where the batcher takes the requests
   * @param local this worker's own plan's permit ({@code CrmBudgetPlan.permit()}), the most one
   *     permit may be worth here
   */
  public CrmBudgetActivitiesImpl(PermitExchange exchange, CrmPermit local) {
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    this.local = Objects.requireNonNull(local, "local");
  }

  @Override
  public int usePermit(CrmPermit permit) {
    try {
      return exchange.hand(atMostLocal(permit));
    } catch (InterruptedException e) {
      // The worker is stopping: what was not handed out is simply not spent.
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private CrmPermit atMostLocal(CrmPermit permit) {
    return new CrmPermit(
        Math.min(permit.requests(), local.requests()),
        Math.min(permit.validMillis(), local.validMillis()),
        Math.min(permit.idleWaitMillis(), local.idleWaitMillis()));
  }
}
