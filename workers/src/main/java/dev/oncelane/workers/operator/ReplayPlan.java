package dev.oncelane.workers.operator;

import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workflows.ledger.SyncStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.util.List;
import java.util.Optional;

/**
 * What {@code oncelane replay} does with one selected event, and why: the rules, apart from the
 * command that prints and starts. An event runs again when it failed, or when it settled otherwise
 * and the operator forced it ({@code --force}) or backfills it ({@code --properties}); an event
 * still running (in the ledger or in Temporal) is never touched.
 *
 * @param processingId the event
 * @param row its ledger row; null when the ledger does not know the id
 * @param run the state of its last Temporal run; empty beyond retention
 * @param skip why it is skipped; null when it runs again
 * @param detail the skip's explanation for the operator, e.g. {@code completed: settled; --force
 *     reruns it}; null when it runs again
 */
record ReplayPlan(
    String processingId,
    LedgerRow row,
    Optional<WorkflowExecutionStatus> run,
    Skip skip,
    String detail) {

  /** Why an event is not run again; {@link #label} is how the summary counts it. */
  enum Skip {
    NOT_IN_LEDGER("not in the ledger"),
    RUNNING("running"),
    SETTLED("settled without --force"),
    NO_INPUT("no input"),
    NO_NAMED_PROPERTY("none of the properties"),
    START_FAILED("start failed");

    final String label;

    Skip(String label) {
      this.label = label;
    }
  }

  boolean reruns() {
    return skip == null;
  }

  /** The same event, skipped after all (found running at its start, or without its input). */
  ReplayPlan skipped(Skip why, String explanation) {
    return new ReplayPlan(processingId, row, run, why, explanation);
  }

  static ReplayPlan notInLedger(String processingId) {
    return new ReplayPlan(
        processingId, null, Optional.empty(), Skip.NOT_IN_LEDGER, "the ledger has no such event");
  }

  /**
   * Decides for {@code row}, whose last run is {@code run}.
   *
   * @param force {@code --force}: a settled event other than failed may run again
   * @param properties {@code --properties}: a backfill of these; empty for a whole rerun
   */
  static ReplayPlan decide(
      LedgerRow row,
      Optional<WorkflowExecutionStatus> run,
      boolean force,
      List<String> properties) {
    String id = row.processingId();
    String status = row.status().code();
    boolean runClosed = run.isPresent() && StatusCommand.CLOSED_UNSETTLED.contains(run.get());
    if (!row.status().isSettled()) {
      String explanation =
          runClosed
              ? status
                  + ", but its last run is "
                  + StatusCommand.runState(run.get())
                  + ": ./oncelane rerun "
                  + id
                  + " starts it again"
              : status + ": still running";
      return new ReplayPlan(id, row, run, Skip.RUNNING, explanation);
    }
    if (run.isPresent() && run.get() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return new ReplayPlan(
          id, row, run, Skip.RUNNING, status + " in the ledger, but a run is still running");
    }
    boolean backfill = !properties.isEmpty();
    if (row.status() != SyncStatus.FAILED && !force && !backfill) {
      return new ReplayPlan(
          id,
          row,
          run,
          Skip.SETTLED,
          status + ": settled; --force (or --properties) runs it again");
    }
    if (run.isEmpty() && row.payload() == null) {
      return new ReplayPlan(
          id,
          row,
          run,
          Skip.NO_INPUT,
          "Temporal no longer has its history and the ledger keeps no payload for it");
    }
    if (backfill
        && row.payload() != null
        && properties.stream().noneMatch(row.payload().properties()::containsKey)) {
      return new ReplayPlan(id, row, run, Skip.NO_NAMED_PROPERTY, noNamedProperty(properties));
    }
    return new ReplayPlan(id, row, run, null, null);
  }

  static String noNamedProperty(List<String> properties) {
    return "the event has none of the properties " + String.join(",", properties);
  }
}
