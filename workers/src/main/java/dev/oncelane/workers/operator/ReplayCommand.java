package dev.oncelane.workers.operator;

import com.google.common.util.concurrent.RateLimiter;
import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.EventSelection;
import dev.oncelane.activities.ledger.LedgerQuery;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.config.Durations;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.review.ReviewReason;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.Rerun;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowServiceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code oncelane replay}: runs chosen ledger events through the lane again, each as a new run of
 * its own processing id ({@link EventRerunner}), its trail continued with the operator as actor.
 * Failed events run again; other settled ones only with {@code --force} or {@code --properties} (a
 * backfill of those properties); running ones never. Starts are paced by {@code --rate}.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Run chosen events through the lane again: new runs of the same processing ids, their ledger"
          + " trails continued with you as the actor.",
      "Choose with at least one of --status, --reason, --source, --since/--until, --ids,"
          + " --ids-file (all given must hold). Failed events run again; other settled ones only"
          + " with --force or --properties; running ones never.",
      "Example: oncelane replay --status failed --since 2h --dry-run"
    })
public final class ReplayCommand implements Callable<Integer> {

  /** Paces starts: {@link #acquire} blocks until the next start may go. */
  @FunctionalInterface
  interface StartPacer {
    void acquire();
  }

  @Option(
      names = "--status",
      split = ",",
      paramLabel = "STATUS",
      description = "ledger status, repeatable or comma-separated: failed, completed, discarded, …")
  List<String> statuses = new ArrayList<>();

  @Option(
      names = "--reason",
      split = ",",
      paramLabel = "REASON",
      description = "ledger reason: lane_error, validation_error, review_expired, …")
  List<String> reasons = new ArrayList<>();

  @Option(
      names = "--source",
      split = ",",
      paramLabel = "SOURCE",
      description = "the event's source: generic, typeform, import, …")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "first seen by the ledger at or after: an age back from now (2h, 7d) or an ISO instant")
  String since;

  @Option(
      names = "--until",
      paramLabel = "WHEN",
      description = "first seen by the ledger before: an age back from now or an ISO instant")
  String until;

  @Option(
      names = "--ids",
      split = ",",
      paramLabel = "ID",
      description = "processing ids, comma-separated")
  List<String> ids = new ArrayList<>();

  @Option(
      names = "--ids-file",
      paramLabel = "FILE",
      description = "a file of processing ids, one a line (blank lines and # comments ignored)")
  Path idsFile;

  @Option(
      names = "--dry-run",
      description = "list what would run and what would be skipped and why; change nothing")
  boolean dryRun;

  @Option(
      names = "--rate",
      paramLabel = "PER-SECOND",
      defaultValue = "10",
      description = "at most this many starts per second (default ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--force",
      description =
          "also run settled events other than failed (completed, resolved_after_409, discarded,"
              + " skipped_stale) again")
  boolean force;

  @Option(
      names = "--properties",
      split = ",",
      paramLabel = "NAME",
      description =
          "backfill: re-apply only these properties of each stored event (the email is kept);"
              + " may run settled events again, and newest wins still applies")
  List<String> properties = new ArrayList<>();

  @Option(
      names = "--by",
      defaultValue = "${sys:user.name}",
      description = "who replays, for the trail (default: the OS user, ${DEFAULT-VALUE})")
  String by;

  @Option(names = "--why", description = "why, for the trail")
  String why;

  @Mixin LaneOptions lane;

  @Spec CommandSpec spec;

  Clock clock = Clock.systemUTC();

  /** How starts are paced at a rate (events per second); tests put a recording pacer here. */
  DoubleFunction<StartPacer> pacing =
      perSecond -> {
        RateLimiter limiter = RateLimiter.create(perSecond);
        return limiter::acquire;
      };

  /** Concurrent {@code DescribeWorkflowExecution} calls while planning. */
  private static final int DESCRIBE_THREADS = 8;

  @Override
  public Integer call() {
    EventSelection selection = selection();
    if (selection.selectsEverything()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "choose events with at least one of --status, --reason, --source, --since, --until,"
              + " --ids, --ids-file");
    }
    if (!properties.isEmpty() && backfilled().isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--properties: name at least one property besides the email");
    }
    if (!(rate > 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be above 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<LedgerRow> rows;
    try (HikariDataSource data = lane.openLedger()) {
      LedgerQuery ledger = new LedgerQuery(data);
      rows = ledger.select(selection);
      warnOfUnknownSources(out, ledger);
    }
    try (TemporalConnection temporal = lane.connectTemporal()) {
      EventRerunner rerunner = new EventRerunner(temporal.client());
      List<ReplayPlan> plans = plan(selection, rows, rerunner);
      return dryRun ? printDryRun(out, plans) : replay(out, plans, rerunner);
    }
  }

  /** A misspelt {@code --source} would otherwise select nothing without a word. */
  private void warnOfUnknownSources(PrintWriter out, LedgerQuery ledger) {
    if (sources.isEmpty()) {
      return;
    }
    List<String> known = ledger.sources();
    for (String source : sources) {
      if (!known.contains(source)) {
        out.printf(
            "warning: --source %s: the ledger has no event from it (it has: %s)%n",
            source, known.isEmpty() ? "none" : String.join(", ", known));
      }
    }
  }

  private EventSelection selection() {
    EventSelection.Builder selection = EventSelection.builder();
    for (String status : statuses) {
      if (!status.isBlank()) {
        selection.status(parse(() -> SyncStatus.fromCode(status.trim()), "--status"));
      }
    }
    for (String reason : reasons) {
      if (!reason.isBlank()) {
        parse(() -> ReviewReason.fromCode(reason.trim()), "--reason");
      }
    }
    long now = clock.millis();
    List<String> chosen = new ArrayList<>(ids);
    if (idsFile != null) {
      chosen.addAll(readIds(idsFile));
    }
    return selection
        .reasons(reasons)
        .sources(sources)
        .createdFrom(since == null ? null : moment(since, now, "--since"))
        .createdUntil(until == null ? null : moment(until, now, "--until"))
        .processingIds(chosen)
        .build();
  }

  private List<ReplayPlan> plan(
      EventSelection selection, List<LedgerRow> rows, EventRerunner rerunner) {
    List<String> named = backfilled();
    List<ReplayPlan> plans = new ArrayList<>();
    Set<String> known = new HashSet<>();
    ExecutorService describers = Executors.newFixedThreadPool(DESCRIBE_THREADS);
    try {
      List<Future<Optional<WorkflowExecutionStatus>>> runs = new ArrayList<>();
      for (LedgerRow row : rows) {
        runs.add(describers.submit(() -> rerunner.lastRunStatus(row.processingId())));
      }
      for (int i = 0; i < rows.size(); i++) {
        LedgerRow row = rows.get(i);
        known.add(row.processingId());
        plans.add(ReplayPlan.decide(row, runs.get(i).get(), force, named));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Temporal", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    } finally {
      describers.shutdownNow();
    }
    for (String id : selection.processingIds()) {
      if (!known.contains(id)) {
        plans.add(ReplayPlan.notInLedger(id));
      }
    }
    return plans;
  }

  private int printDryRun(PrintWriter out, List<ReplayPlan> plans) {
    out.println("dry run: nothing is started or changed");
    for (ReplayPlan plan : plans) {
      print(out, plan, plan.reruns() ? wouldRerun() : "would skip ");
    }
    out.println("would " + summary(plans));
    out.flush();
    return 0;
  }

  /** {@code would rerun}, or for a backfill {@code would backfill firstname,lastname on}. */
  private String wouldRerun() {
    List<String> named = backfilled();
    return named.isEmpty() ? "would rerun" : "would backfill " + String.join(",", named) + " on";
  }

  /**
   * A named property -> how many of the stored events read for a backfill lack it: a misspelt name
   * would otherwise be dropped without a word.
   */
  private final Map<String, Integer> missingProperties = new LinkedHashMap<>();

  /** How many stored events were read for a backfill. */
  private int backfillsRead;

  private void printMissingProperties(PrintWriter out) {
    missingProperties.forEach(
        (name, count) ->
            out.printf(
                "warning: %s: not in %d of the %d selected events (not backfilled there)%n",
                name, count, backfillsRead));
  }

  private int replay(PrintWriter out, List<ReplayPlan> plans, EventRerunner rerunner) {
    StartPacer pacer = pacing.apply(rate);
    List<ReplayPlan> done = new ArrayList<>();
    for (ReplayPlan plan : plans) {
      ReplayPlan result = plan.reruns() ? rerun(plan, rerunner, pacer) : plan;
      print(out, result, result.reruns() ? "rerun" : "skip ");
      done.add(result);
    }
    out.println(summary(done));
    printMissingProperties(out);
    out.flush();
    return done.stream().anyMatch(p -> p.skip() == ReplayPlan.Skip.START_FAILED)
        ? OncelaneCli.EXIT_REFUSED
        : 0;
  }

  /** Starts one event's new run, paced; the plan as it turned out. */
  private ReplayPlan rerun(ReplayPlan plan, EventRerunner rerunner, StartPacer pacer) {
    LedgerRow row = plan.row();
    ContactEvent input = rerunner.lastInput(row, plan.run().isPresent());
    if (input == null) {
      return plan.skipped(
          ReplayPlan.Skip.NO_INPUT,
          "Temporal no longer has its history and the ledger keeps no payload for it");
    }
    List<String> named = backfilled();
    Rerun rerun;
    if (!named.isEmpty()) {
      backfillsRead++;
      for (String name : named) {
        if (!input.properties().containsKey(name)) {
          missingProperties.merge(name, 1, Integer::sum);
        }
      }
      input = EventRerunner.onlyProperties(input, named);
      if (input.properties().isEmpty()) {
        return plan.skipped(ReplayPlan.Skip.NO_NAMED_PROPERTY, ReplayPlan.noNamedProperty(named));
      }
      rerun = Rerun.backfill(by, why, List.copyOf(input.properties().keySet()));
    } else if (row.status() != SyncStatus.FAILED) {
      rerun = Rerun.forced(by, why);
    } else {
      rerun = Rerun.replay(by, why);
    }
    pacer.acquire();
    try {
      rerunner.start(input.withRerun(rerun));
      return plan;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return plan.skipped(ReplayPlan.Skip.RUNNING, "started running meanwhile");
    } catch (WorkflowServiceException e) {
      return plan.skipped(ReplayPlan.Skip.START_FAILED, StatusCommand.rootMessage(e));
    }
  }

  private static void print(PrintWriter out, ReplayPlan plan, String verb) {
    LedgerRow row = plan.row();
    String where =
        row == null
            ? ""
            : row.status().code()
                + (row.reason() == null ? "" : " (" + row.reason() + ")")
                + ", source "
                + row.source()
                + ", first seen "
                + OperatorOutput.instant(row.createdAtMillis());
    out.printf("  %s  %s  %s%n", verb, plan.processingId(), plan.reruns() ? where : plan.detail());
  }

  /** {@code rerun 3, skipped 2 (running 1, settled without --force 1)}. */
  static String summary(List<ReplayPlan> plans) {
    long reruns = plans.stream().filter(ReplayPlan::reruns).count();
    Map<String, Long> skipped =
        plans.stream()
            .filter(p -> !p.reruns())
            .collect(
                Collectors.groupingBy(
                    p -> p.skip().label, LinkedHashMap::new, Collectors.counting()));
    long skips = plans.size() - reruns;
    String reasons =
        skipped.isEmpty()
            ? ""
            : skipped.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
    return "rerun " + reruns + ", skipped " + skips + reasons;
  }

  private List<String> backfilled() {
    return properties.stream()
        .map(String::trim)
        .filter(p -> !p.isEmpty() && !p.equals("email"))
        .distinct()
        .toList();
  }

  private long moment(String text, long now, String option) {
    try {
      return Durations.instantOrAgo(text, now, option);
    } catch (IllegalArgumentException e) {
      // Its message already starts with the option.
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private <T> T parse(Supplier<T> parser, String option) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }

  private List<String> readIds(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .map(String::trim)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--ids-file: cannot read " + file + ": " + e.getMessage());
    }
  }
}
