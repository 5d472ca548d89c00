package dev.oncelane.workers.operator;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.config.Durations;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.SyncResult;
import dev.oncelane.workflows.sync.SyncState;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * resolveReview} Update and prints where it left the event, or why it was refused (exit 1). When
 * the workflow does not answer within {@code --timeout} (30 s by default; e.g. no worker runs), it
 * says so, prints where the event stands (ledger row, last trail step, live state if Temporal
 * answers the query) and exits {@link OncelaneCli#EXIT_NO_ANSWER}.
 */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description =
        "Decide an event in manual review: adopt an existing CRM contact, retry (optionally with"
            + " corrected properties) or discard it. Exits 1 when the workflow refuses, 3 when it"
            + " does not answer within --timeout.")
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

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "how long to wait for the workflow's answer, e.g. 30s, 2m (default: ${DEFAULT-VALUE})")
  String timeout;

  @Mixin LaneOptions lane;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ReviewDecision decision = decision();
    Duration wait = answerTimeout();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> notWaiting = notWaiting();
    if (notWaiting.isPresent()) {
      err.println("refused: " + notWaiting.get());
      err.flush();
      return OncelaneCli.EXIT_REFUSED;
    }
    try (TemporalConnection temporal = lane.connectTemporal()) {
      ContactSyncWorkflow workflow =
          temporal.client().newWorkflowStub(ContactSyncWorkflow.class, processingId);
      Optional<SyncResult> result = decideWithin(workflow, decision, wait);
      if (result.isEmpty()) {
        err.printf(
            "no answer: the workflow did not answer within %s (is a worker running?). The"
                + " decision was not withdrawn: it may still be applied, so check before"
                + " sending another.%n",
            describe(wait));
        printWhereItStands(err, temporal);
        err.flush();
        return OncelaneCli.EXIT_NO_ANSWER;
      }
      print(result.get());
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

  /**
   * Sends the Update and waits for its answer at most {@code wait}; empty when none came. The call
   * itself cannot be bounded (the SDK long-polls until the workflow answers), so it runs on a
   * daemon thread that the closing connection ends.
   */
  private static Optional<SyncResult> decideWithin(
      ContactSyncWorkflow workflow, ReviewDecision decision, Duration wait) {
    CompletableFuture<SyncResult> answer =
        CompletableFuture.supplyAsync(() -> workflow.decide(decision));
    try {
      return Optional.of(answer.get(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the workflow", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** The ledger row, its last step and, if Temporal answers the query, the live state. */
  private void printWhereItStands(PrintWriter err, TemporalConnection temporal) {
    try (HikariDataSource data = lane.openLedger()) {
      JdbcLedger ledger = new JdbcLedger(data);
      ledger
          .find(processingId)
          .ifPresent(
              row ->
                  err.printf(
                      "  ledger: %s%s, CRM id %s, updated %s%n",
                      row.status().code(),
                      row.reason() == null ? "" : " (" + row.reason() + ")",
                      OperatorOutput.orDash(row.crmId()),
                      Instant.ofEpochMilli(row.updatedAtMillis())));
      List<Transition> trail = ledger.trail(processingId);
      if (!trail.isEmpty()) {
        Transition last = trail.get(trail.size() - 1);
        err.printf("  last step #%d by %s: %s%n", last.seq(), last.actor(), last.detail());
      }
    }
    try {
      SyncState state = StatusCommand.queryState(temporal, processingId);
      err.printf(
          "  workflow: %s%s, review deadline %s%n",
          state.status().code(),
          state.reason() == null ? "" : " (" + state.reason().code() + ")",
          state.reviewDeadlineMillis() == 0
              ? "-"
              : Instant.ofEpochMilli(state.reviewDeadlineMillis()).toString());
    } catch (TimeoutException e) {
      err.printf(
          "  workflow: no answer to the state query within %ds either%n",
          StatusCommand.QUERY_TIMEOUT.toSeconds());
    } catch (RuntimeException e) {
      err.printf("  workflow: state query failed: %s%n", StatusCommand.rootMessage(e));
    }
    err.printf("  see ./oncelane status %s%n", processingId);
  }

  private Duration answerTimeout() {
    Duration wait;
    try {
      wait = Durations.parse(timeout, "--timeout");
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (wait.isZero() || wait.isNegative()) {
      throw usage("--timeout must be positive, got '" + timeout + "'");
    }
    return wait;
  }

  private static String describe(Duration wait) {
    return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + "s" : wait.toMillis() + "ms";
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
