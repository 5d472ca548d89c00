package dev.oncelane.workers.worker;

import dev.oncelane.activities.budget.PermitExchange;
import dev.oncelane.workflows.budget.CrmBudgetPlan;
import dev.oncelane.workflows.imports.ImportActivities;
import java.util.Objects;

/**
 * What a {@link LaneWorker} runs beside the lane itself. Build one from {@link #defaults()} with
 * the {@code with…} methods.
 *
 * @param activitySlots the most activities run at once, 0 for the SDK's default (200); a batching
 *     worker needs {@link LaneWorker#BATCHED_ACTIVITY_SLOTS}
 * @param budgetPlan the shared CRM budget, or null for none
 * @param permits where the budget's permits meet this worker's batcher; set with the plan
 * @param imports the import feed: with it, the worker also runs the {@code ImportWorkflow} and its
 *     feed activity on the lane's task queue; null for a lane that does not run imports
 */
public record LaneWorkerOptions(
    int activitySlots, CrmBudgetPlan budgetPlan, PermitExchange permits, ImportActivities imports) {

  public LaneWorkerOptions {
    if (activitySlots < 0) {
      throw new IllegalArgumentException("activitySlots must be 0 or more: " + activitySlots);
    }
  }

  /** The SDK's default activity slots, no shared CRM budget, no imports. */
  public static LaneWorkerOptions defaults() {
    return new LaneWorkerOptions(0, null, null, null);
  }

  public LaneWorkerOptions withActivitySlots(int activitySlots) {
    return new LaneWorkerOptions(activitySlots, budgetPlan, permits, imports);
  }

  /**
   * The shared CRM budget {@code plan}, its permits handed to this worker's batcher by {@code
   * permits}.
   */
  public LaneWorkerOptions withBudget(CrmBudgetPlan plan, PermitExchange permits) {
    return new LaneWorkerOptions(
        activitySlots, Objects.requireNonNull(plan, "plan"), permits, imports);
  }

  public LaneWorkerOptions withImports(ImportActivities imports) {
    return new LaneWorkerOptions(activitySlots, budgetPlan, permits, imports);
  }
}
