package dev.oncelane.workflows.budget;

import io.temporal.activity.ActivityInterface;

/**
 * The permit activity. It runs on {@link CrmBudgetWorkflow#TASK_QUEUE}, whose dispatch rate the
 * server limits across all workers, and hands its requests to the CRM batcher of the worker it runs
 * in.
 */
@ActivityInterface(namePrefix = "CrmBudget")
public interface CrmBudgetActivities {

  /**
   * Hands out up to {@code permit.requests()} requests to this worker's CRM batcher, each within
   * {@code permit.validMillis()} of the start, and returns when they are used, the validity is
   * over, or no request was wanted for {@code permit.idleWaitMillis()}.
   *
   * @return how many requests were used (0 to {@code permit.requests()})
   */
  int usePermit(CrmPermit permit);
}
