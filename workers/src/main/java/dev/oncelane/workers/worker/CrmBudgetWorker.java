package dev.oncelane.workers.worker;

import dev.oncelane.activities.budget.CrmBudgetActivitiesImpl;
import dev.oncelane.activities.budget.PermitExchange;
import dev.oncelane.workflows.budget.CrmBudgetPlan;
import dev.oncelane.workflows.budget.CrmBudgetWorkflow;
import dev.oncelane.workflows.budget.CrmBudgetWorkflowImpl;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's part in the shared CRM budget: polls the budget's task queue (its workflow tasks,
 * and its permits with the server-side rate limit), and makes sure the budget workflow runs (at
 * start, then every minute, in case an operator terminated it).
 *
 * <p>The rate limit is Temporal's: {@code setMaxTaskQueueActivitiesPerSecond} is sent with every
 * poll and enforced by the server for the whole queue, across every worker process (setting it
 * turns off eager activity execution, which this queue does not use anyway). {@code
 * setMaxWorkerActivitiesPerSecond} with the same rate adds nothing beyond it on a real server, but
 * keeps the budget on Temporal's in-memory test server ({@code oncelane dev --in-memory}), which
 * does not enforce queue rate limits; with one worker there, that is the same bound.
 */
final class CrmBudgetWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CrmBudgetWorker.class);

  /** How often the worker checks that the budget workflow still runs. */
  static final long ENSURE_EVERY_SECONDS = 60;

  private final WorkflowClient client;
  private final CrmBudgetPlan plan;
  private final ScheduledExecutorService keeper;

  private CrmBudgetWorker(WorkflowClient client, CrmBudgetPlan plan) {
    this.client = client;
    this.plan = plan;
    this.keeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "crm-budget-keeper");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Registers the budget's own worker in {@code factory}: the budget workflow and its rate-limited
   * permits on {@link CrmBudgetWorkflow#TASK_QUEUE}. Call before the factory starts, then {@link
   * #keepRunning()}.
   *
   * <p>The workflow is registered on the lane's worker too, for a run a worker started there before
   * the budget had its own task queue: that run moves to the budget's queue at its next
   * continue-as-new ({@code crm-budget-own-task-queue-v1}), within {@link
   * CrmBudgetPlan#permitsPerRun()} permits.
   */
  static CrmBudgetWorker register(
      WorkflowClient client,
      WorkerFactory factory,
      Worker laneWorker,
      CrmBudgetPlan plan,
      PermitExchange exchange) {
    laneWorker.registerWorkflowImplementationTypes(CrmBudgetWorkflowImpl.class);
    Worker budget =
        factory.newWorker(
            CrmBudgetWorkflow.TASK_QUEUE,
            WorkerOptions.newBuilder()
                .setMaxTaskQueueActivitiesPerSecond(plan.permitsPerSecond())
                .setMaxWorkerActivitiesPerSecond(plan.permitsPerSecond())
                .setMaxConcurrentActivityExecutionSize(Math.max(2, plan.outstandingPermits()))
                .build());
    budget.registerWorkflowImplementationTypes(CrmBudgetWorkflowImpl.class);
    budget.registerActivitiesImplementations(new CrmBudgetActivitiesImpl(exchange, plan.permit()));
    return new CrmBudgetWorker(client, plan);
  }

  /** Starts the budget workflow unless it runs, now and every minute. */
  void keepRunning() {
    ensureRunning();
    keeper.scheduleWithFixedDelay(
        this::ensureRunning, ENSURE_EVERY_SECONDS, ENSURE_EVERY_SECONDS, TimeUnit.SECONDS);
  }

  private void ensureRunning() {
    try {
      CrmBudgetWorkflow budget =
          client.newWorkflowStub(
              CrmBudgetWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(CrmBudgetWorkflow.WORKFLOW_ID)
                  .setTaskQueue(CrmBudgetWorkflow.TASK_QUEUE)
                  .setWorkflowIdConflictPolicy(
                      WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                  .build());
      WorkflowClient.start(budget::run, plan);
    } catch (WorkflowExecutionAlreadyStarted running) {
      // Another worker started it: one budget for all.
    } catch (RuntimeException e) {
      log.warn("could not make sure the CRM budget workflow runs; trying again later", e);
    }
  }

  @Override
  public void close() {
    keeper.shutdownNow();
  }
}
