package dev.oncelane.workflows.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The import workflow on the test server against a stateful fake feed that starts one row per call
 * (every third a duplicate): the workflow calls it until every row is fed, continuing as new every
 * {@link ImportWorkflowImpl#ROUNDS_PER_RUN} rounds with its counts carried over.
 */
class ImportWorkflowTest {

  private static final int ROWS = 2 * ImportWorkflowImpl.ROUNDS_PER_RUN + 7;

  private TestWorkflowEnvironment env;
  private final List<String> calls = new ArrayList<>();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(ContactSyncWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(ImportWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        (ImportActivities)
            (importId, afterLine, maxInFlight) -> {
              synchronized (calls) {
                calls.add(importId + "@" + afterLine + "/" + maxInFlight);
              }
              if (afterLine >= ROWS) {
                return ImportFeedRound.from(afterLine).finished();
              }
              int line = afterLine + 1;
              return ImportFeedRound.from(afterLine).fed(line, line % 3 != 0);
            });
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void feedsUntilEveryRowIsStartedContinuingAsNewWithItsCountsCarried() {
    ImportWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                ImportWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(ImportWorkflow.workflowId("big-1"))
                    .setTaskQueue(ContactSyncWorkflow.TASK_QUEUE)
                    .build());

    ImportFed fed = workflow.run(ImportRequest.begin("big-1", 7));

    assertEquals(new ImportFed("big-1", ROWS - ROWS / 3, ROWS / 3), fed);
    List<String> expected = new ArrayList<>();
    for (int line = 0; line <= ROWS; line++) {
      expected.add("big-1@" + line + "/7");
    }
    assertEquals(expected, calls, "each row's line fed once, in order, with the request's bound");
    assertEquals(2, continuedAsNew("import:big-1"));
  }

  /**
   * How many runs of the workflow ended by continuing as new, walking back from the latest run,
   * which must have completed.
   */
  private int continuedAsNew(String workflowId) {
    List<HistoryEvent> events = env.getWorkflowClient().fetchHistory(workflowId).getEvents();
    assertEquals(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        events.get(events.size() - 1).getEventType());
    int runs = 0;
    String previous =
        events.get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
    while (!previous.isEmpty()) {
      events = env.getWorkflowClient().fetchHistory(workflowId, previous).getEvents();
      assertEquals(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
          events.get(events.size() - 1).getEventType());
      runs++;
      previous =
          events.get(0).getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
    }
    return runs;
  }
}
