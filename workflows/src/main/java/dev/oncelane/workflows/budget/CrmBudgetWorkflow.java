package dev.oncelane.workflows.budget;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The namespace's one CRM request budget. Every worker starts it at start-up (workflow id {@link
 * #WORKFLOW_ID}, conflict policy {@code USE_EXISTING}, so one run serves them all); it keeps {@link
 * CrmBudgetPlan#outstandingPermits()} permit activities scheduled on {@link #TASK_QUEUE} and
 * schedules another as each one ends, and continues as new every {@link
 * CrmBudgetPlan#permitsPerRun()} permits. The server dispatches those activities at no more than
 * the queue's rate limit, whichever worker polls, so the permits (and the requests they carry) are
 * rationed across every worker process.
 *
 * <p>Its workflow tasks run on {@link #TASK_QUEUE} too, never on the lane's: behind a backlog of
 * lane workflow tasks (10,000 webhooks at once) the budget could not schedule its next permits, and
 * every CRM call, hence the backlog itself, would wait for it.
 */
@WorkflowInterface
public interface CrmBudgetWorkflow {

  /** The budget's workflow id: one per namespace. */
  String WORKFLOW_ID = "oncelane-crm-budget";

  /**
   * The budget's own task queue: its workflow tasks and its permit activities (their dispatch rate
   * limited by the server).
   */
  String TASK_QUEUE = "oncelane-crm-budget";

  @WorkflowMethod(name = "CrmBudget")
  void run(CrmBudgetPlan plan);

  /** Permits scheduled by this run so far. */
  @QueryMethod
  int permitsIssued();
}
