package dev.oncelane.workflows.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The budget workflow on the test server: permits kept outstanding, lost ones replaced, and a run
 * started on the lane's task queue (as workers did before the budget had its own) continuing as new
 * on the budget's queue.
 */
class CrmBudgetWorkflowTest {

  private static final String LANE_QUEUE = "lane";

  private TestWorkflowEnvironment env;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker lane = env.newWorker(LANE_QUEUE);
    lane.registerWorkflowImplementationTypes(CrmBudgetWorkflowImpl.class);
    Worker permits = env.newWorker(CrmBudgetWorkflow.TASK_QUEUE);
    permits.registerWorkflowImplementationTypes(CrmBudgetWorkflowImpl.class);
    permits.registerActivitiesImplementations(
        (CrmBudgetActivities)
            permit -> {
              int now = running.incrementAndGet();
              mostAtOnce.accumulateAndGet(now, Math::max);
              try {
                if (calls.incrementAndGet() == 3) {
                  throw new IllegalStateException("a worker lost mid-permit");
                }
                Thread.sleep(5);
                return 1;
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              } finally {
                running.decrementAndGet();
              }
            });
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void keepsItsPermitsOutstandingReplacesFailedOnesAndContinuesAsNewOnItsOwnTaskQueue()
      throws Exception {
    CrmBudgetPlan plan = new CrmBudgetPlan(190, 2.7, 5, 1000, 250, 3, 10);
    WorkflowClient client = env.getWorkflowClient();
    CrmBudgetWorkflow budget =
        client.newWorkflowStub(
            CrmBudgetWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(CrmBudgetWorkflow.WORKFLOW_ID)
                .setTaskQueue(LANE_QUEUE)
                .build());
    WorkflowClient.start(budget::run, plan);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (calls.get() < 25 && System.nanoTime() < deadline) {
      env.sleep(Duration.ofMillis(50));
    }
    assertTrue(calls.get() >= 25, "permits kept coming after a failed one: " + calls.get());
    assertTrue(mostAtOnce.get() <= 3, "never more than the plan's outstanding permits");
    WorkflowStub stub = client.newUntypedWorkflowStub(CrmBudgetWorkflow.WORKFLOW_ID);
    String firstRun =
        client
            .fetchHistory(CrmBudgetWorkflow.WORKFLOW_ID)
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getOriginalExecutionRunId();
    assertTrue(
        !firstRun.equals(stub.getExecution().getRunId())
            || client.fetchHistory(CrmBudgetWorkflow.WORKFLOW_ID).getEvents().stream()
                .anyMatch(
                    e ->
                        e.getEventType()
                            == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW),
        "continued as new after 10 permits");
    assertEquals(
        CrmBudgetWorkflow.TASK_QUEUE,
        stub.describe().getRawDescription().getExecutionConfig().getTaskQueue().getName(),
        "a run started on the lane's task queue continues on the budget's own");
  }
}
