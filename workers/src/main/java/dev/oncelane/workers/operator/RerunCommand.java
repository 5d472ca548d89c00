package dev.oncelane.workers.operator;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.relay.start.WorkflowStarter;
import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.Rerun;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oncelane rerun <processing-id>}: starts a new run of a failed event under the same
 * workflow id, from the failed run's input. The new run continues the event's ledger trail with
 * {@code failed → processing}, the operator as its actor.
 */
@Command(
    name = "rerun",
    mixinStandardHelpOptions = true,
    description =
        "Run a failed event again: a new workflow run with the same id and the failed run's input,"
            + " continuing its ledger trail. Refused (exit 1) unless the event failed.")
public final class RerunCommand implements Callable<Integer> {

  /** Closed run states after which the ledger may still show an unsettled event. */
  static final Set<WorkflowExecutionStatus> CLOSED_UNSETTLED =
      Set.of(
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);

  @Parameters(paramLabel = "PROCESSING-ID", description = "e.g. generic:evt-1")
  String processingId;

  @Option(
      names = "--by",
      defaultValue = "${sys:user.name}",
      description = "who reruns it (default: the OS user, ${DEFAULT-VALUE})")
  String by;

  @Option(names = "--reason", description = "why, for the trail")
  String reason;

  @Mixin LaneOptions lane;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LedgerRow row;
    try (HikariDataSource data = lane.openLedger()) {
      Optional<LedgerRow> found = new JdbcLedger(data).find(processingId);
      if (found.isEmpty()) {
        return refuse(err, "no event '" + processingId + "' in the ledger " + lane.ledgerUrl());
      }
      row = found.get();
    }
    try (TemporalConnection temporal = lane.connectTemporal()) {
      WorkflowClient client = temporal.client();
      Optional<WorkflowExecutionStatus> run = lastRunStatus(client);
      if (run.isPresent()
          && run.get() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return refuse(err, processingId + " is still running; nothing to rerun");
      }
      boolean ledgerFailed = row.status() == SyncStatus.FAILED;
      boolean runFailed = run.isPresent() && CLOSED_UNSETTLED.contains(run.get());
      if (!ledgerFailed && !(runFailed && !row.status().isSettled())) {
        return refuse(
            err,
            processingId
                + " is "
                + row.status().code()
                + (run.isPresent() ? " (last run " + StatusCommand.runState(run.get()) + ")" : "")
                + "; only a failed event runs again (see ./oncelane status "
                + processingId
                + ")");
      }
      ContactEvent input = lastInput(client, row, run.isPresent());
      if (input == null) {
        return refuse(
            err,
            "cannot rebuild the input of "
                + processingId
                + ": Temporal no longer has its history and the ledger keeps no payload for it");
      }
      ContactEvent event = input.withRerun(new Rerun(by, reason));
      WorkflowExecution started = start(client, event);
      out.printf(
          "%s: started run %s (was %s); follow it with ./oncelane status %s%n",
          processingId, started.getRunId(), row.status().code(), processingId);
      out.flush();
      return 0;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return refuse(err, processingId + " started running meanwhile; nothing to rerun");
    } catch (WorkflowServiceException e) {
      err.println("failed: " + StatusCommand.rootMessage(e));
      err.flush();
      return OncelaneCli.EXIT_REFUSED;
    }
  }

  private Optional<WorkflowExecutionStatus> lastRunStatus(WorkflowClient client) {
    try {
      return Optional.of(client.newUntypedWorkflowStub(processingId).describe().getStatus());
    } catch (WorkflowNotFoundException beyondRetention) {
      return Optional.empty();
    }
  }

  /**
   * The last run's input from its history; beyond Temporal's retention, the event the ledger keeps
   * (its canonical payload and hash); null when neither has it.
   */
  private ContactEvent lastInput(WorkflowClient client, LedgerRow row, boolean known) {
    if (!known) {
      return fromLedger(row);
    }
    try {
      HistoryEvent first = client.fetchHistory(processingId).getEvents().get(0);
      Payloads input = first.getWorkflowExecutionStartedEventAttributes().getInput();
      ContactEvent event =
          client
              .getOptions()
              .getDataConverter()
              .fromPayloads(0, Optional.of(input), ContactEvent.class, ContactEvent.class);
      // A rerun of a rerun starts from the event, not from the earlier operator's note.
      return event.withRerun(null);
    } catch (WorkflowNotFoundException | IndexOutOfBoundsException beyondRetention) {
      return fromLedger(row);
    }
  }

  private ContactEvent fromLedger(LedgerRow row) {
    if (row.payload() == null) {
      return null;
    }
    return new ContactEvent(
        processingId,
        row.payload().source(),
        row.payload().email(),
        row.payload().properties(),
        row.payload().occurredAt(),
        row.payloadHash());
  }

  private WorkflowExecution start(WorkflowClient client, ContactEvent event) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(processingId)
            .setTaskQueue(ContactSyncWorkflow.TASK_QUEUE)
            // The ledger said failed: even a run Temporal saw complete (an expired review) may go
            // again. A running one is refused by the default conflict policy.
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setMemo(
                event.payloadHash() == null
                    ? Map.of()
                    : Map.of(WorkflowStarter.PAYLOAD_HASH_MEMO, event.payloadHash()))
            .build();
    ContactSyncWorkflow stub = client.newWorkflowStub(ContactSyncWorkflow.class, options);
    return WorkflowClient.start(stub::sync, event);
  }

  private static int refuse(PrintWriter err, String why) {
    err.println("refused: " + why);
    err.flush();
    return OncelaneCli.EXIT_REFUSED;
  }
}
