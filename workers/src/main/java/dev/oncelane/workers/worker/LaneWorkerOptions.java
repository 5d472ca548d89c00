package dev.oncelane.workers.worker;

import dev.oncelane.activities.budget.PermitExchange;
import dev.oncelane.workers.config.ImportConfig;
import dev.oncelane.workflows.budget.CrmBudgetPlan;
import dev.oncelane.workflows.imports.ImportActivities;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
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
 * @param importWorkflowTaskSlots the most workflow tasks of {@link
 *     ContactSyncWorkflow#IMPORT_TASK_QUEUE} run at once, at least 2 ({@code
 *     ONCELANE_IMPORT_WORKFLOW_TASK_SLOTS})
 * @param importActivitySlots the most activities of {@link ContactSyncWorkflow#IMPORT_TASK_QUEUE}
 *     run at once, at least 1 ({@code ONCELANE_IMPORT_ACTIVITY_SLOTS})
 */
public record LaneWorkerOptions(
    int activitySlots,
    CrmBudgetPlan budgetPlan,
    PermitExchange permits,
    ImportActivities imports,
    int importWorkflowTaskSlots,
    int importActivitySlots) {

  public LaneWorkerOptions {
    if (activitySlots < 0) {
      throw new IllegalArgumentException("activitySlots must be 0 or more: " + activitySlots);
    }
    if (importWorkflowTaskSlots < 2) {
      throw new IllegalArgumentException(
          "importWorkflowTaskSlots must be 2 or more: " + importWorkflowTaskSlots);
    }
    if (importActivitySlots < 1) {
      throw new IllegalArgumentException(
          "importActivitySlots must be 1 or more: " + importActivitySlots);
    }
  }

  /**
   * The SDK's default activity slots, no shared CRM budget, no imports, the import task queue's
   * default slots.
   */
  public static LaneWorkerOptions defaults() {
    return new LaneWorkerOptions(
        0,
        null,
        null,
        null,
        ImportConfig.DEFAULT_WORKFLOW_TASK_SLOTS,
        ImportConfig.DEFAULT_ACTIVITY_SLOTS);
  }

  public LaneWorkerOptions withActivitySlots(int activitySlots) {
    return new LaneWorkerOptions(
        activitySlots, budgetPlan, permits, imports, importWorkflowTaskSlots, importActivitySlots);
  }

  /**
   * The shared CRM budget {@code plan}, its permits handed to this worker's batcher by {@code
   * permits}.
   */
  public LaneWorkerOptions withBudget(CrmBudgetPlan plan, PermitExchange permits) {
    return new LaneWorkerOptions(
        activitySlots,
        Objects.requireNonNull(plan, "plan"),
        permits,
        imports,
        importWorkflowTaskSlots,
        importActivitySlots);
  }

  public LaneWorkerOptions withImports(ImportActivities imports) {
    return new LaneWorkerOptions(
        activitySlots, budgetPlan, permits, imports, importWorkflowTaskSlots, importActivitySlots);
  }

  /** The import task queue's slots ({@link ImportConfig#workflowTaskSlots()}, …). */
  public LaneWorkerOptions withImportSlots(int workflowTaskSlots, int activitySlots) {
    return new LaneWorkerOptions(
        this.activitySlots, budgetPlan, permits, imports, workflowTaskSlots, activitySlots);
  }
}
