package dev.oncelane.workers.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.budget.PermitExchange;
import dev.oncelane.workflows.budget.CrmBudgetPlan;
import dev.oncelane.workflows.budget.CrmBudgetWorkflow;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The budget never waits for the lane's task queue. Found by {@code bench import} at 10,000 rows:
 * 9,800 webhooks at once left a backlog of thousands of lane workflow tasks, the budget workflow's
 * next task waited behind them (its run 7 minutes old, 2 events long), no permit was scheduled, and
 * every CRM call, hence the backlog, waited for it. Here nobody polls the lane's queue at all.
 */
class CrmBudgetWorkerTest {

  private TestWorkflowEnvironment env;
  private WorkerFactory neverStarted;
  private CrmBudgetWorker budget;
  private final PermitExchange exchange = new PermitExchange();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    WorkflowClient client = env.getWorkflowClient();
    // The lane's worker exists but never polls: as good as one busy with a backlog.
    neverStarted = WorkerFactory.newInstance(client);
    Worker lane = neverStarted.newWorker(ContactSyncWorkflow.TASK_QUEUE);
    budget =
        CrmBudgetWorker.register(
            client, env.getWorkerFactory(), lane, CrmBudgetPlan.forBudget(190), exchange);
    env.start();
  }

  @AfterEach
  void stop() {
    budget.close();
    env.close();
  }

  @Test
  void theBudgetHandsOutRequestsWhileNobodyPollsTheLanesTaskQueue() throws Exception {
    budget.keepRunning();

    assertTrue(
        exchange.acquire(Duration.ofSeconds(20)),
        "a CRM request was granted without the lane's task queue");
    assertEquals(
        CrmBudgetWorkflow.TASK_QUEUE,
        env.getWorkflowClient()
            .newUntypedWorkflowStub(CrmBudgetWorkflow.WORKFLOW_ID)
            .describe()
            .getRawDescription()
            .getExecutionConfig()
            .getTaskQueue()
            .getName());
  }
}
