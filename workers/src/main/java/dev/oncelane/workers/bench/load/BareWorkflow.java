package dev.oncelane.workers.bench.load;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * The server's ceiling for comparison: a workflow that runs one no-op activity and ends, the least
 * a workflow with one activity can ask of Temporal.
 */
@WorkflowInterface
public interface BareWorkflow {

  /** Its own task queue, so nothing of the lane polls it. */
  String TASK_QUEUE = "oncelane-bench-bare";

  @WorkflowMethod
  void run();

  /** Calls the no-op activity once. */
  final class Impl implements BareWorkflow {

    private final BareActivity activity =
        Workflow.newActivityStub(
            BareActivity.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public void run() {
      activity.noop();
    }
  }
}
