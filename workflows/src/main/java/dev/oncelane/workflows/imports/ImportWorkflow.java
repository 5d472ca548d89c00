package dev.oncelane.workflows.imports;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Feeds one stored import's rows into the lane: starts each row's {@code ContactSyncWorkflow}
 * (workflow id = the row's processing id) while keeping at most {@link ImportRequest#maxInFlight()}
 * of the import's events unsettled. Its workflow id is {@link #workflowId(String)}; it runs on the
 * lane's task queue.
 */
@WorkflowInterface
public interface ImportWorkflow {

  /** {@code import:<importId>}. */
  static String workflowId(String importId) {
    return "import:" + importId;
  }

  @WorkflowMethod
  ImportFed run(ImportRequest request);
}
