package dev.oncelane.workers.operator;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.Rerun;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowServiceException;
import java.io.PrintWriter;
import java.util.Optional;
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
      EventRerunner rerunner = new EventRerunner(temporal.client());
      Optional<WorkflowExecutionStatus> run = rerunner.lastRunStatus(processingId);
      if (run.isPresent()
          && run.get() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return refuse(err, processingId + " is still running; nothing to rerun");
      }
      boolean ledgerFailed = row.status() == SyncStatus.FAILED;
      boolean runFailed = run.isPresent() && StatusCommand.CLOSED_UNSETTLED.contains(run.get());
      if (!ledgerFailed && !(runFailed && !row.status().isSettled())) {
        return refuse(
            err,
            processingId
                + " is "
                + row.status().code()
                + (run.isPresent() ? " (last run " + StatusCommand.runState(run.get()) + ")" : "")
                + "; only a failed event runs again (see ./oncelane status "
                + processingId
                + "; oncelane replay --force reruns a settled one)");
      }
      ContactEvent input = rerunner.lastInput(row, run.isPresent());
      if (input == null) {
        return refuse(
            err,
            "cannot rebuild the input of "
                + processingId
                + ": Temporal no longer has its history and the ledger keeps no payload for it");
      }
      WorkflowExecution started = rerunner.start(input.withRerun(new Rerun(by, reason)));
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

  private static int refuse(PrintWriter err, String why) {
    err.println("refused: " + why);
    err.flush();
    return OncelaneCli.EXIT_REFUSED;
  }
}
