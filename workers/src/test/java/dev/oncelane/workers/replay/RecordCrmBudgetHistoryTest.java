package dev.oncelane.workers.replay;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.oncelane.activities.budget.CrmBudgetActivitiesImpl;
import dev.oncelane.activities.budget.PermitExchange;
import dev.oncelane.workers.it.RealTemporal;
import dev.oncelane.workers.temporal.TemporalCliServer;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workflows.budget.CrmBudgetPlan;
import dev.oncelane.workflows.budget.CrmBudgetWorkflow;
import dev.oncelane.workflows.budget.CrmBudgetWorkflowImpl;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the budget workflow's history into the replay corpus from a real run on the dev server:
 * one whole run, from its start to its continue-as-new, with permits used, unused and handed out
 * while a batcher asks for requests. The run starts on the lane's task queue, as workers started it
 * before the budget had its own, so the history holds the move to {@link
 * CrmBudgetWorkflow#TASK_QUEUE} at its continue-as-new. Runs only when asked:
 *
 * <pre>
 * ./mvnw -B -pl workers -am test -Dtest=RecordCrmBudgetHistoryTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Doncelane.recordBudgetCorpus=$PWD/workflows/src/test/resources/replay/crm-budget-own-task-queue-v1
 * </pre>
 */
@EnabledIfSystemProperty(named = RecordCrmBudgetHistoryTest.FOLDER_PROPERTY, matches = ".+")
class RecordCrmBudgetHistoryTest {

  static final String FOLDER_PROPERTY = "oncelane.recordBudgetCorpus";
  private static final String NAME = "run-of-12-permits-then-continue-as-new";
  private static final String LANE_QUEUE = ContactSyncWorkflow.TASK_QUEUE;

  @TempDir Path dataDir;

  @Test
  void oneRunOfTheBudgetWorkflowIsRecorded() throws Exception {
    Path folder = Path.of(System.getProperty(FOLDER_PROPERTY)).toAbsolutePath();
    assumeFalse(Files.exists(folder.resolve(NAME + ".json")), "kept (never overwritten)");
    CrmBudgetPlan real = CrmBudgetPlan.forBudget(190);
    CrmBudgetPlan plan =
        new CrmBudgetPlan(
            real.budgetPer10s(),
            real.permitsPerSecond(),
            real.requestsPerPermit(),
            real.validMillis(),
            real.idleWaitMillis(),
            real.outstandingPermits(),
            12);
    PermitExchange exchange = new PermitExchange();
    try (TemporalCliServer temporal = RealTemporal.start(dataDir.resolve("temporal"));
        TemporalConnection connection = TemporalConnection.connect(temporal.address(), "default")) {
      WorkflowClient client = connection.client();
      WorkerFactory factory = WorkerFactory.newInstance(client);
      factory
          .newWorker(LANE_QUEUE)
          .registerWorkflowImplementationTypes(CrmBudgetWorkflowImpl.class);
      Worker permits =
          factory.newWorker(
              CrmBudgetWorkflow.TASK_QUEUE,
              WorkerOptions.newBuilder()
                  .setMaxTaskQueueActivitiesPerSecond(plan.permitsPerSecond())
                  .build());
      permits.registerActivitiesImplementations(
          new CrmBudgetActivitiesImpl(exchange, plan.permit()));
      factory.start();
      // A batcher that wants a request now and then, so permits end used, partly used and unused.
      Thread asker =
          new Thread(
              () -> {
                try {
                  while (!Thread.currentThread().isInterrupted()) {
                    exchange.acquire(Duration.ofMillis(100));
                    Thread.sleep(300);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      asker.start();
      try {
        WorkflowExecution first =
            WorkflowClient.start(
                client.newWorkflowStub(
                        CrmBudgetWorkflow.class,
                        WorkflowOptions.newBuilder()
                            .setWorkflowId(CrmBudgetWorkflow.WORKFLOW_ID)
                            .setTaskQueue(LANE_QUEUE)
                            .build())
                    ::run,
                plan);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (status(client, first) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("the first run did not continue as new within 120 s");
          }
          Thread.sleep(200);
        }
        WorkflowExecutionHistory history =
            client.fetchHistory(first.getWorkflowId(), first.getRunId());
        Path written =
            ReplayCorpusRecorder.store(folder, NAME, history, CrmBudgetWorkflowImpl.class);
        System.out.println("recorded " + written);
        client.newUntypedWorkflowStub(CrmBudgetWorkflow.WORKFLOW_ID).terminate("recorded");
      } finally {
        asker.interrupt();
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  private static WorkflowExecutionStatus status(WorkflowClient client, WorkflowExecution run) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(run)
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }
}
