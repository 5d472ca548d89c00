package dev.oncelane.workflows.budget;

import dev.oncelane.workflows.policy.LanePolicies;
import io.temporal.workflow.Async;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** See {@link CrmBudgetWorkflow}. */
public final class CrmBudgetWorkflowImpl implements CrmBudgetWorkflow {

  /** Change id: the run continues as new on {@link #TASK_QUEUE}, whatever queue it ran on. */
  static final String OWN_TASK_QUEUE = "crm-budget-own-task-queue-v1";

  private final CrmBudgetActivities permits =
      Workflow.newActivityStub(
          CrmBudgetActivities.class,
          LanePolicies.CRM_BUDGET_PERMIT.toBuilder().setTaskQueue(TASK_QUEUE).build());

  private int issued;

  @Override
  public void run(CrmBudgetPlan plan) {
    CrmPermit permit = plan.permit();
    List<Promise<Integer>> outstanding = new ArrayList<>();
    while (issued < plan.permitsPerRun()) {
      while (outstanding.size() < plan.outstandingPermits() && issued < plan.permitsPerRun()) {
        outstanding.add(Async.function(permits::usePermit, permit));
        issued++;
      }
      Workflow.await(() -> outstanding.stream().anyMatch(Promise::isCompleted));
      // A permit whose worker died times out: it simply ends, and the next one takes its place.
      outstanding.removeIf(Promise::isCompleted);
    }
    Workflow.await(() -> outstanding.stream().allMatch(Promise::isCompleted));
    if (Workflow.getVersion(OWN_TASK_QUEUE, Workflow.DEFAULT_VERSION, 1) == 1) {
      // A run started on the lane's task queue (by a worker before this change) moves to the
      // budget's own here; a continued run otherwise keeps its predecessor's task queue.
      Workflow.continueAsNew(
          ContinueAsNewOptions.newBuilder().setTaskQueue(TASK_QUEUE).build(), plan);
    } else {
      Workflow.continueAsNew(plan);
    }
  }

  @Override
  public int permitsIssued() {
    return issued;
  }
}
