package dev.oncelane.workers.imports;

import dev.oncelane.activities.imports.ImportProgress;
import dev.oncelane.activities.imports.ImportStore;
import dev.oncelane.activities.imports.UnfinishedRow;
import dev.oncelane.activities.ledger.LedgerStorageException;
import dev.oncelane.workers.operator.StatusCommand;
import dev.oncelane.workflows.imports.ImportActivities;
import dev.oncelane.workflows.imports.ImportWorkflow;
import dev.oncelane.workflows.ledger.SyncStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Follows an import from the ledger until it is finished ({@link ImportProgress#isFinished()}: no
 * event pending or processing), showing each reading. Every few readings it also asks Temporal
 * about the import workflow, so two ends that would otherwise be waited for forever are noticed:
 *
 * <ul>
 *   <li>the import workflow ended without feeding every row (terminated, failed, never started):
 *       {@link Followed#endedEarly()};
 *   <li>it completed (every row started), but the progress has stood still for {@code stallAfter}
 *       and every event still unsettled has a run that ended without settling it (terminated, timed
 *       out, or gone from Temporal): {@link Followed#stalled()}. Those events wait for an operator,
 *       as rows in review do.
 * </ul>
 *
 * <p>Neither Temporal nor the ledger being unreachable ends the following: the import goes on in
 * the workers, and the next reading tries again (the ledger's outage is noted once).
 */
public final class ImportFollower {

  /** How often the ledger is read. */
  public static final Duration POLL = Duration.ofSeconds(1);

  /**
   * How long the progress of an import whose workflow has completed must stand still before the
   * unsettled events' runs are looked at: long enough for a row started last to begin.
   */
  public static final Duration STALL_AFTER = Duration.ofSeconds(30);

  /** {@link UnfinishedRow#status()} of a row whose event the ledger does not have yet. */
  private static final String PENDING = "pending";

  /** Readings between two looks at the import workflow. */
  private static final int WORKFLOW_CHECK_EVERY = 5;

  /**
   * An event of the import whose run ended without settling it.
   *
   * @param processingId e.g. {@code import:3f9a…}
   * @param ledgerStatus {@code pending} (not in the ledger) or {@code processing}
   * @param runState the run's state, e.g. {@code terminated}, or {@code unknown to Temporal}
   */
  public record StalledEvent(String processingId, String ledgerStatus, String runState) {}

  /**
   * Where following ended.
   *
   * @param progress the last reading
   * @param endedEarly null unless the import workflow ended before starting every row, then why,
   *     e.g. {@code the import workflow import:x ended terminated}
   * @param stalled the events whose runs ended without settling them; empty when none
   * @param failureType the {@link ApplicationFailure#getType()} the import workflow failed with,
   *     e.g. {@value ImportActivities#UNKNOWN_IMPORT}; null unless it ended failed with one
   */
  public record Followed(
      ImportProgress progress, String endedEarly, List<StalledEvent> stalled, String failureType) {

    public Followed {
      stalled = List.copyOf(stalled);
    }

    static Followed finished(ImportProgress progress) {
      return new Followed(progress, null, List.of(), null);
    }

    /** True when no event is pending or processing. */
    public boolean finished() {
      return endedEarly == null && stalled.isEmpty();
    }
  }

  private final ImportStore store;
  private final WorkflowClient client;
  private final Duration poll;
  private final int stillReadings;

  /**
   * @param client Temporal, to notice an import workflow that ended early and stalled events
   * @param poll how often the ledger is read
   * @param stallAfter how long progress must stand still before stalled events are looked for
   */
  public ImportFollower(
      ImportStore store, WorkflowClient client, Duration poll, Duration stallAfter) {
    this.store = Objects.requireNonNull(store, "store");
    this.client = Objects.requireNonNull(client, "client");
    this.poll = Objects.requireNonNull(poll, "poll");
    this.stillReadings = (int) Math.max(1, stallAfter.toMillis() / Math.max(1, poll.toMillis()));
  }

  /**
   * A follower reading every {@link #POLL}, looking for stalled events after {@link #STALL_AFTER}.
   */
  public static ImportFollower standard(ImportStore store, WorkflowClient client) {
    return new ImportFollower(store, client, POLL, STALL_AFTER);
  }

  /**
   * Reads the import's progress every {@code poll}, handing each reading to {@code show}, until it
   * is finished, its workflow ended without finishing it, or what is left has stalled.
   *
   * @param note takes a line about the following itself, e.g. that the ledger is unreachable
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public Followed follow(String importId, Consumer<ImportProgress> show, Consumer<String> note)
      throws InterruptedException {
    ImportProgress last = null;
    int still = 0;
    boolean ledgerDown = false;
    for (int reading = 0; ; reading++) {
      try {
        ImportProgress progress = store.progress(importId);
        if (ledgerDown) {
          note.accept("the ledger answers again");
          ledgerDown = false;
        }
        show.accept(progress);
        if (progress.isFinished()) {
          return Followed.finished(progress);
        }
        still = progress.equals(last) ? still + 1 : 0;
        last = progress;
        if (reading % WORKFLOW_CHECK_EVERY == WORKFLOW_CHECK_EVERY - 1) {
          Optional<Followed> ended = ended(importId, progress, still >= stillReadings);
          if (ended.isPresent()) {
            return ended.get();
          }
        }
      } catch (LedgerStorageException e) {
        if (!ledgerDown) {
          note.accept(
              "the ledger is unreachable ("
                  + StatusCommand.rootMessage(e)
                  + "); still following, the import goes on in the workers");
          ledgerDown = true;
        }
      }
      Thread.sleep(poll.toMillis());
    }
  }

  /**
   * Asks Temporal once whether the import workflow ended without finishing the import (terminated,
   * failed, timed out, never started), as {@link #follow} does every few readings.
   *
   * @return the ended following ({@link Followed#endedEarly()} set, or finished when the ledger
   *     says so meanwhile); empty while the workflow runs or completed, or Temporal does not answer
   */
  public Optional<Followed> endedEarly(String importId) {
    return workflowState(importId).flatMap(state -> endedEarly(importId, state));
  }

  /** How following ends now, if it does: the import workflow ended early, or the rest stalled. */
  private Optional<Followed> ended(String importId, ImportProgress progress, boolean standsStill) {
    Optional<Optional<WorkflowExecutionStatus>> state = workflowState(importId);
    if (state.isEmpty()) {
      return Optional.empty();
    }
    Optional<Followed> early = endedEarly(importId, state.get());
    if (early.isPresent()) {
      return early;
    }
    if (state.get().orElseThrow() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
        || !standsStill) {
      return Optional.empty();
    }
    return stalled(importId, progress);
  }

  /**
   * The import workflow's state: empty when Temporal does not answer (look again later), an empty
   * state when Temporal has no such workflow.
   */
  private Optional<Optional<WorkflowExecutionStatus>> workflowState(String importId) {
    try {
      return Optional.of(
          Optional.of(
              client
                  .newUntypedWorkflowStub(ImportWorkflow.workflowId(importId))
                  .describe()
                  .getStatus()));
    } catch (WorkflowNotFoundException e) {
      return Optional.of(Optional.empty());
    } catch (WorkflowServiceException e) {
      return Optional.empty();
    }
  }

  private Optional<Followed> endedEarly(String importId, Optional<WorkflowExecutionStatus> state) {
    if (state.isPresent() && !StatusCommand.CLOSED_UNSETTLED.contains(state.get())) {
      return Optional.empty();
    }
    String workflowId = ImportWorkflow.workflowId(importId);
    String why =
        state.isEmpty()
            ? "Temporal has no import workflow " + workflowId
            : "the import workflow " + workflowId + " ended " + StatusCommand.runState(state.get());
    Optional<ApplicationFailure> failure =
        state.equals(Optional.of(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED))
            ? failure(workflowId)
            : Optional.empty();
    if (failure.isPresent()) {
      why += ": " + failure.get().getOriginalMessage();
    }
    // The ledger may have moved between the two reads.
    ImportProgress now = store.progress(importId);
    return Optional.of(
        now.isFinished()
            ? Followed.finished(now)
            : new Followed(
                now, why, List.of(), failure.map(ApplicationFailure::getType).orElse(null)));
  }

  /** The application failure a failed workflow ended with, if Temporal tells it. */
  private Optional<ApplicationFailure> failure(String workflowId) {
    try {
      client
          .newUntypedWorkflowStub(workflowId)
          .getResult(FAILURE_WAIT, TimeUnit.SECONDS, Void.class);
    } catch (WorkflowFailedException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof ApplicationFailure application) {
          return Optional.of(application);
        }
      }
    } catch (TimeoutException | RuntimeException e) {
      // Without the failure the state alone is still told.
    }
    return Optional.empty();
  }

  /** Seconds to wait for a closed workflow's failure: it is already stored, so it comes at once. */
  private static final long FAILURE_WAIT = 5;

  /**
   * Every row is started and nothing moves: the unsettled events' runs say whether anything still
   * will. Empty while one of them runs (or Temporal does not answer).
   */
  private Optional<Followed> stalled(String importId, ImportProgress progress) {
    // processing id -> its status in the result file; a repeated row is one event
    Map<String, String> unsettled = new LinkedHashMap<>();
    for (UnfinishedRow row : store.unfinished(importId)) {
      if (row.processingId() != null
          && (row.status().equals(PENDING) || row.status().equals(SyncStatus.PROCESSING.code()))) {
        unsettled.put(row.processingId(), row.status());
      }
    }
    List<StalledEvent> stalled = new ArrayList<>();
    for (Map.Entry<String, String> event : unsettled.entrySet()) {
      String runState;
      try {
        WorkflowExecutionStatus run =
            client.newUntypedWorkflowStub(event.getKey()).describe().getStatus();
        if (run == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          return Optional.empty();
        }
        runState = StatusCommand.runState(run);
      } catch (WorkflowNotFoundException e) {
        runState = "unknown to Temporal";
      } catch (WorkflowServiceException e) {
        return Optional.empty();
      }
      stalled.add(new StalledEvent(event.getKey(), event.getValue(), runState));
    }
    ImportProgress now = store.progress(importId);
    if (now.isFinished()) {
      return Optional.of(Followed.finished(now));
    }
    if (!now.equals(progress) || stalled.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Followed(now, null, stalled, null));
  }
}
