package dev.oncelane.workers.imports;

import dev.oncelane.activities.imports.ImportProgress;
import dev.oncelane.activities.imports.ImportStore;
import dev.oncelane.workers.operator.StatusCommand;
import dev.oncelane.workflows.imports.ImportWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows an import from the ledger until it is finished ({@link ImportProgress#isFinished()}: no
 * event pending or processing), showing each reading. Every few readings it also asks Temporal
 * whether the import workflow is still there: one that ended without feeding every row (terminated,
 * failed, never started) would otherwise be waited for forever.
 */
public final class ImportFollower {

  /** How often the ledger is read. */
  public static final Duration POLL = Duration.ofSeconds(1);

  /** Readings between two looks at the import workflow. */
  private static final int WORKFLOW_CHECK_EVERY = 5;

  private static final Set<WorkflowExecutionStatus> ENDED_EARLY =
      Set.of(
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);

  /**
   * Where following ended.
   *
   * @param progress the last reading
   * @param stalled null when the import finished; else why it cannot finish, e.g. {@code the import
   *     workflow import:x ended terminated}
   */
  public record Followed(ImportProgress progress, String stalled) {
    public boolean finished() {
      return stalled == null;
    }
  }

  private final ImportStore store;
  private final WorkflowClient client;
  private final Duration poll;

  /**
   * @param client Temporal, to notice an import workflow that ended early
   * @param poll how often the ledger is read
   */
  public ImportFollower(ImportStore store, WorkflowClient client, Duration poll) {
    this.store = store;
    this.client = client;
    this.poll = poll;
  }

  /**
   * Reads the import's progress every {@code poll}, handing each reading to {@code show}, until it
   * is finished or its workflow ended without finishing it.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public Followed follow(String importId, Consumer<ImportProgress> show)
      throws InterruptedException {
    for (int reading = 0; ; reading++) {
      ImportProgress progress = store.progress(importId);
      show.accept(progress);
      if (progress.isFinished()) {
        return new Followed(progress, null);
      }
      if (reading % WORKFLOW_CHECK_EVERY == WORKFLOW_CHECK_EVERY - 1) {
        Optional<String> stalled = endedEarly(importId);
        if (stalled.isPresent()) {
          // The ledger may have moved between the two reads.
          ImportProgress last = store.progress(importId);
          return last.isFinished() ? new Followed(last, null) : new Followed(last, stalled.get());
        }
      }
      Thread.sleep(poll.toMillis());
    }
  }

  private Optional<String> endedEarly(String importId) {
    String workflowId = ImportWorkflow.workflowId(importId);
    try {
      WorkflowExecutionStatus status =
          client.newUntypedWorkflowStub(workflowId).describe().getStatus();
      return ENDED_EARLY.contains(status)
          ? Optional.of(
              "the import workflow " + workflowId + " ended " + StatusCommand.runState(status))
          : Optional.empty();
    } catch (WorkflowNotFoundException e) {
      return Optional.of("Temporal has no import workflow " + workflowId);
    } catch (WorkflowServiceException e) {
      // Temporal unreachable for now: the ledger still tells the progress; look again later.
      return Optional.empty();
    }
  }
}
