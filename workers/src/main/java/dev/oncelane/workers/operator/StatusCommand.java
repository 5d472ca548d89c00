package dev.oncelane.workers.operator;

import static dev.oncelane.workers.operator.OperatorOutput.orDash;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.SyncState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code oncelane status <processing-id|email>}: what happened to key X. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show an event's ledger trail (every transition with time, actor and detail), its CRM id"
            + " and, while its workflow runs, the workflow's live state. Given an email, shows"
            + " every event about it.")
public final class StatusCommand implements Callable<Integer> {

  /** How long to wait for a running workflow's query before reporting the ledger alone. */
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);

  @Parameters(paramLabel = "PROCESSING-ID|EMAIL", description = "e.g. generic:evt-1 or ada@x.org")
  String key;

  @Option(names = "--json", description = "print JSON for scripts")
  boolean json;

  @Mixin LaneOptions lane;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<EventView> views = new ArrayList<>();
    try (HikariDataSource data = lane.openLedger()) {
      JdbcLedger ledger = new JdbcLedger(data);
      List<LedgerRow> rows = rowsFor(ledger);
      if (rows.isEmpty()) {
        spec.commandLine()
            .getErr()
            .printf("no event '%s' in the ledger %s%n", key, lane.ledgerUrl());
        return OncelaneCli.EXIT_REFUSED;
      }
      try (TemporalConnection temporal = needsTemporal(rows) ? lane.connectTemporal() : null) {
        for (LedgerRow row : rows) {
          views.add(
              view(ledger, row, temporal)
                  .withContactProperties(ledger.propertyVersions().of(row.objectKey())));
        }
      }
    }
    if (json) {
      OperatorOutput.json(out, views.size() == 1 ? views.get(0) : views);
    } else {
      views.forEach(v -> print(out, v));
      // Every view of one email names the same contact: show its properties once.
      printContactProperties(out, views.get(views.size() - 1));
    }
    out.flush();
    return 0;
  }

  private List<LedgerRow> rowsFor(JdbcLedger ledger) {
    Optional<LedgerRow> byId = ledger.find(key.trim());
    if (byId.isPresent()) {
      return List.of(byId.get());
    }
    return key.contains("@") ? ledger.findByObjectKey(key) : List.of();
  }

  private static boolean needsTemporal(List<LedgerRow> rows) {
    return rows.stream().anyMatch(r -> !r.status().isSettled());
  }

  private EventView view(JdbcLedger ledger, LedgerRow row, TemporalConnection temporal) {
    String id = row.processingId();
    List<Transition> trail = ledger.trail(id);
    Map<Integer, Integer> rewrites = ledger.rewrites(id);
    if (row.status().isSettled()) {
      return EventView.of(row, trail, rewrites, null, "settled", null);
    }
    Optional<WorkflowExecutionStatus> run = closedRun(temporal, id);
    if (run.isPresent()) {
      // A query would replay the closed run and repeat what the ledger says: tell the truth.
      String state = runState(run.get());
      return EventView.of(
          row,
          trail,
          rewrites,
          null,
          "the ledger says "
              + row.status().code()
              + ", but the workflow's last run is closed as "
              + state
              + ": nothing is processing this event; ./oncelane rerun "
              + id
              + " runs it again",
          state);
    }
    try {
      SyncState state = queryState(temporal, id);
      return EventView.of(row, trail, rewrites, EventView.Live.of(state), null, null);
    } catch (TimeoutException e) {
      return EventView.of(
          row,
          trail,
          rewrites,
          null,
          "Temporal did not answer the state query within " + QUERY_TIMEOUT.toSeconds() + "s",
          null);
    } catch (RuntimeException e) {
      return EventView.of(
          row, trail, rewrites, null, "state query failed: " + rootMessage(e), null);
    }
  }

  /**
   * The last run's status when it has closed; empty while it runs, or when Temporal does not know
   * the id or does not answer in time (the state query then says why).
   */
  private static Optional<WorkflowExecutionStatus> closedRun(
      TemporalConnection temporal, String workflowId) {
    CompletableFuture<WorkflowExecutionStatus> answer =
        CompletableFuture.supplyAsync(
            () -> temporal.client().newUntypedWorkflowStub(workflowId).describe().getStatus());
    try {
      WorkflowExecutionStatus status = answer.get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
          ? Optional.empty()
          : Optional.of(status);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    } finally {
      answer.cancel(true);
    }
  }

  /** {@code failed}, {@code terminated}, {@code timed_out}, … */
  public static String runState(WorkflowExecutionStatus status) {
    String name = status.name();
    String prefix = "WORKFLOW_EXECUTION_STATUS_";
    return (name.startsWith(prefix) ? name.substring(prefix.length()) : name)
        .toLowerCase(java.util.Locale.ROOT);
  }

  static SyncState queryState(TemporalConnection temporal, String workflowId)
      throws TimeoutException {
    ContactSyncWorkflow stub =
        temporal.client().newWorkflowStub(ContactSyncWorkflow.class, workflowId);
    CompletableFuture<SyncState> answer = CompletableFuture.supplyAsync(stub::state);
    try {
      return answer.get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } finally {
      answer.cancel(true);
    }
  }

  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  private static void print(PrintWriter out, EventView v) {
    out.printf(
        "%s  %s%s%n",
        v.processingId(), v.status(), v.reason() == null ? "" : " (" + v.reason() + ")");
    out.printf(
        "  source %s, email %s, CRM id %s, CRM writes %d%n",
        v.source(), orDash(v.email()), orDash(v.crmId()), v.crmWrites());
    out.printf("  received %s, last change %s%n", v.receivedAt(), v.updatedAt());
    if (!v.keyReused().isEmpty()) {
      out.println("  key reused: the ledger settled this key with another payload");
      for (EventView.Difference d : v.keyReused()) {
        out.printf(
            "    %-24s stored %s, redelivered %s%n",
            d.field(), orDash(d.stored()), orDash(d.redelivered()));
      }
    } else if (v.crmMessage() != null) {
      out.printf(
          "  %s: %s%n", "lane_error".equals(v.reason()) ? "error" : "CRM said", v.crmMessage());
    }
    if (v.run() != null) {
      out.printf("  NOT RUNNING: %s%n", v.liveNote());
    }
    out.println("  trail:");
    for (EventView.Step s : v.trail()) {
      out.printf(
          "    #%-2d %s  %-10s %s -> %s%s%s  %s%n",
          s.seq(),
          s.at(),
          s.actor(),
          orDash(s.from()),
          s.to(),
          s.reason() == null ? "" : " [" + s.reason() + "]",
          s.rewrites() == null ? "" : " [REWRITES #" + s.rewrites() + "]",
          orDash(s.detail()));
    }
    if (v.live() != null) {
      EventView.Live l = v.live();
      out.printf(
          "  live: %s%s, email %s, CRM id %s%n",
          l.status(),
          l.reason() == null ? "" : " (" + l.reason() + ")",
          l.email(),
          orDash(l.crmId()));
      if (l.reviewDeadline() != null) {
        out.printf("  waiting since %s; expires %s%n", l.reviewSince(), l.reviewDeadline());
      }
      if (l.lastDecision() != null) {
        out.printf(
            "  last decision: %s by %s%n", l.lastDecision().describe(), l.lastDecision().by());
      }
    } else if (v.run() == null && !"settled".equals(v.liveNote())) {
      out.printf("  live state unavailable: %s%n", v.liveNote());
    }
  }

  private static void printContactProperties(PrintWriter out, EventView v) {
    if (v.contactProperties().isEmpty()) {
      return;
    }
    out.printf("contact %s, each property's value from (newest wins):%n", orDash(v.email()));
    for (EventView.PropertySource p : v.contactProperties()) {
      out.printf(
          "  %-20s %s  event time %s, accepted %s%n",
          p.property(), p.event(), p.eventTime(), orDash(p.acceptedAt()));
    }
  }
}
