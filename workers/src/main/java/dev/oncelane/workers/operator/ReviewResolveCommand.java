package dev.oncelane.workers.operator;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.SyncResult;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oncelane review resolve}: sends an operator's decision as the workflow's {@code
 * resolveReview} Update and prints where it left the event, or why it was refused (exit 1).
 */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description =
        "Decide an event in manual review: adopt an existing CRM contact, retry (optionally with"
            + " corrected properties) or discard it. Exits 1 when the workflow refuses.")
public final class ReviewResolveCommand implements Callable<Integer> {

  @Parameters(paramLabel = "PROCESSING-ID", description = "e.g. generic:evt-1")
  String processingId;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  /** Exactly one of the three decisions. */
  static final class Action {
    @Option(
        names = "--adopt",
        paramLabel = "CRM-ID",
        description = "write the event to this existing CRM contact")
    String adopt;

    @Option(names = "--retry", description = "run the event again (see --set)")
    boolean retry;

    @Option(names = "--discard", description = "drop the event (needs --reason)")
    boolean discard;
  }

  @Option(
      names = "--set",
      paramLabel = "PROP=VALUE",
      description = "with --retry: a corrected property (email=… changes the key); repeatable")
  Map<String, String> corrections = new LinkedHashMap<>();

  @Option(names = "--reason", description = "with --discard: why the event is dropped")
  String reason;

  @Option(
      names = "--by",
      defaultValue = "${sys:user.name}",
      description = "who decides (default: the OS user, ${DEFAULT-VALUE})")
  String by;

  @Option(names = "--note", description = "anything else worth keeping in the trail")
  String note;

  @Option(names = "--json", description = "print JSON for scripts")
  boolean json;

  @Mixin LaneOptions lane;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ReviewDecision decision = decision();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> notWaiting = notWaiting();
    if (notWaiting.isPresent()) {
      err.println("refused: " + notWaiting.get());
      err.flush();
      return OncelaneCli.EXIT_REFUSED;
    }
    try (TemporalConnection temporal = lane.connectTemporal()) {
      SyncResult result =
          temporal
              .client()
              .newWorkflowStub(ContactSyncWorkflow.class, processingId)
              .decide(decision);
      print(result);
      return 0;
    } catch (WorkflowUpdateException e) {
      err.println("refused: " + refusal(e));
    } catch (WorkflowNotFoundException e) {
      err.printf(
          "refused: no running workflow %s; it has closed (see ./oncelane status %s)%n",
          processingId, processingId);
    } catch (WorkflowServiceException e) {
      err.println("failed: " + StatusCommand.rootMessage(e));
    }
    err.flush();
    return OncelaneCli.EXIT_REFUSED;
  }

  private ReviewDecision decision() {
    if (!corrections.isEmpty() && !action.retry) {
      throw usage("--set goes with --retry");
    }
    if (reason != null && !action.discard) {
      throw usage("--reason goes with --discard");
    }
    ReviewDecision decision;
    if (action.adopt != null) {
      decision = ReviewDecision.adopt(action.adopt.trim(), by, note);
    } else if (action.retry) {
      decision = ReviewDecision.retry(corrections, by, note);
    } else {
      decision = ReviewDecision.discard(reason, by, note);
    }
    try {
      decision.validate();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    return decision;
  }

  /** What the ledger says against deciding now, if anything; saves a round trip to Temporal. */
  private Optional<String> notWaiting() {
    try (HikariDataSource data = lane.openLedger()) {
      Optional<LedgerRow> row = new JdbcLedger(data).find(processingId);
      if (row.isEmpty()) {
        return Optional.of("no event '" + processingId + "' in the ledger " + lane.ledgerUrl());
      }
      if (row.get().status().isSettled()) {
        return Optional.of(
            processingId
                + " is already "
                + row.get().status().code()
                + "; nothing waits for a decision (see ./oncelane status "
                + processingId
                + ")");
      }
      return Optional.empty();
    }
  }

  /** The workflow's own words: the validator's message, or the handler's DecisionRefused. */
  static String refusal(WorkflowUpdateException e) {
    String message = null;
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof ApplicationFailure failure) {
        message = failure.getOriginalMessage();
      }
    }
    return message != null ? message : StatusCommand.rootMessage(e);
  }

  private void print(SyncResult result) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("processingId", result.processingId());
      view.put("status", result.status().code());
      view.put("crmId", result.crmId());
      view.put("reason", result.reason() == null ? null : result.reason().code());
      view.put("detail", result.detail());
      OperatorOutput.json(out, view);
      return;
    }
    out.printf(
        "%s: %s%s, CRM id %s%n  %s%n",
        result.processingId(),
        result.status().code(),
        result.reason() == null ? "" : " (" + result.reason().code() + ")",
        OperatorOutput.orDash(result.crmId()),
        result.detail());
    out.flush();
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
