package dev.oncelane.workers.imports;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.imports.ImportManifest;
import dev.oncelane.activities.imports.ImportProgress;
import dev.oncelane.activities.imports.ImportRow;
import dev.oncelane.activities.imports.ImportStore;
import dev.oncelane.activities.imports.UnfinishedRow;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerStorageException;
import dev.oncelane.relay.sources.SourceConfig;
import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.config.OncelaneConfig;
import dev.oncelane.workers.operator.LaneOptions;
import dev.oncelane.workers.operator.StatusCommand;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workflows.imports.ImportActivities;
import dev.oncelane.workflows.ledger.SyncStatus;
import io.temporal.client.WorkflowServiceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oncelane import <file>}: reads, validates and keys a CSV or JSONL file, stores it in the
 * ledger, starts the import workflow and follows it to the end; {@code oncelane import status
 * <import-id>} follows it again from anywhere the ledger is reachable.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import a CSV (with a header row) or JSONL file: every row becomes an event with its own key"
          + " and runs through the lane in the workers, at the shared CRM budget. The same file"
          + " imported again writes nothing twice. Shows progress until the import is finished"
          + " (Ctrl-C detaches; the import goes on), then writes the result file: one line per row"
          + " that did not complete, ready to fix and import again."
    },
    footer = {
      "",
      "Exit codes: 0 every row completed (with --detach: submitted); 1 refused (the file or an"
          + " option cannot be used, Temporal unreachable, the import workflow ended before the"
          + " import finished); 2 usage error; "
          + OncelaneCli.EXIT_ROWS_NOT_COMPLETED
          + " finished, but some rows did not complete (invalid, failed, in review, discarded,"
          + " stalled: listed in the result file); "
          + OncelaneCli.EXIT_STILL_RUNNING
          + " still running (import status --no-follow)."
    },
    subcommands = {ImportCommand.Status.class})
public final class ImportCommand implements Callable<Integer> {

  @Parameters(
      arity = "0..1",
      paramLabel = "FILE",
      description = "A .csv file with a header row, or a .jsonl file (one JSON object per line).")
  Path file;

  @Option(
      names = "--name",
      description =
          "The import's name (default: the file name without extension); part of every row's key"
              + " and of the import id <name>-<12 hex of the file's SHA-256>.")
  String name;

  @Option(
      names = "--key-column",
      paramLabel = "COLUMN",
      description =
          "The column (JSONL: field) holding each row's idempotency key (default: a hash of the"
              + " name and the row's event).")
  String keyColumn;

  @Option(
      names = "--time-column",
      paramLabel = "COLUMN",
      description =
          "The column holding each row's event time: ISO-8601 with offset, or epoch milliseconds"
              + " (default: --time).")
  String timeColumn;

  @Option(
      names = "--time",
      paramLabel = "ISO-8601",
      description =
          "The event time of rows without their own, e.g. 2026-11-30T10:00:00Z (default: the"
              + " file's last-modified time).")
  String time;

  @Option(
      names = "--source",
      paramLabel = "NAME",
      description =
          "Read each row with this configured source's mapping (an expressions or"
              + " standard-webhooks source), instead of column email + the other columns as"
              + " properties.")
  String source;

  @Option(names = "--config", paramLabel = "FILE", description = "The configuration file.")
  Path config;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      description =
          "The most of this import's events unsettled at once, so live webhooks never queue"
              + " behind more (default: the workers' ONCELANE_IMPORT_MAX_IN_FLIGHT, itself 50 by"
              + " default).")
  int maxInFlight;

  @Option(
      names = "--result",
      paramLabel = "PATH",
      description =
          "Where the result file goes (default: <file>.result.csv|jsonl beside the file).")
  Path result;

  @Option(
      names = "--detach",
      description = "Submit and return; follow it later with import status <import-id>.")
  boolean detach;

  @Option(
      names = "--by",
      defaultValue = "${sys:user.name}",
      description = "Who submits it (default: the OS user, ${DEFAULT-VALUE}).")
  String by;

  @Mixin LaneOptions lane;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (file == null) {
      err.println("give a file to import, or: import status <import-id>");
      spec.commandLine().usage(err);
      return OncelaneCli.EXIT_USAGE;
    }
    ImportFileOptions options =
        ImportFileOptions.submittedAt(System.currentTimeMillis())
            .withName(name)
            .withKeyColumn(keyColumn)
            .withTimeColumn(timeColumn);
    if (time != null) {
      try {
        options = options.withFileTime(OffsetDateTime.parse(time.trim()).toInstant());
      } catch (DateTimeParseException e) {
        err.println("--time '" + time + "' is not ISO-8601 with an offset, e.g. 2026-11-30T10:00Z");
        return OncelaneCli.EXIT_USAGE;
      }
    }
    if (source != null) {
      Optional<SourceConfig> found = configuredSource(err);
      if (found.isEmpty()) {
        return OncelaneCli.EXIT_USAGE;
      }
      options = options.withSource(found.get());
    }
    ImportFile read;
    try {
      read = ImportFile.read(file, options);
    } catch (ImportRefused e) {
      return refuse(err, e.getMessage());
    }
    printSummary(out, read);
    Path resultFile =
        result != null
            ? result
            : read.format()
                .resultFile(file.toAbsolutePath().getParent(), file.getFileName().toString());
    return onLane(
        spec,
        lane,
        "; the rows are stored, run the same command again to start them",
        (store, temporal, o, e) -> submitAndFollow(store, temporal, read, resultFile, o, e));
  }

  private int submitAndFollow(
      ImportStore store,
      TemporalConnection temporal,
      ImportFile read,
      Path resultFile,
      PrintWriter out,
      PrintWriter err)
      throws IOException, InterruptedException {
    ImportSubmission.Submitted submitted =
        new ImportSubmission(store, temporal.client()).submit(read, by, maxInFlight);
    out.printf(
        "%s %s in the ledger %s%n",
        submitted.storedNow() ? "stored" : "already stored:",
        submitted.importId(),
        lane.ledgerUrl());
    out.printf(
        "%s %s (run %s)%n",
        submitted.attached() ? "attached to the running" : "started",
        submitted.workflowId(),
        submitted.runId());
    if (detach) {
      out.printf("detached; follow it with ./oncelane import status %s%n", read.importId());
      out.flush();
      return 0;
    }
    return followAndFinish(
        store,
        ImportFollower.standard(store, temporal.client()),
        read.importId(),
        read.format(),
        resultFile,
        lane.ledgerUrl(),
        out,
        err);
  }

  /** What a command does once the ledger and Temporal are open. */
  @FunctionalInterface
  private interface OnLane {
    int run(ImportStore store, TemporalConnection temporal, PrintWriter out, PrintWriter err)
        throws IOException, InterruptedException;
  }

  /**
   * Opens the ledger and Temporal for {@code work}, which writes to {@code spec}'s out and err;
   * Temporal refusing or failing ends it refused, the message followed by {@code temporalHint}.
   *
   * @return the command's exit code
   */
  private static int onLane(CommandSpec spec, LaneOptions lane, String temporalHint, OnLane work)
      throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    try (HikariDataSource data = lane.openLedger();
        TemporalConnection temporal = lane.connectTemporal()) {
      return work.run(new ImportStore(data), temporal, spec.commandLine().getOut(), err);
    } catch (ImportRefused e) {
      return refuse(err, e.getMessage());
    } catch (WorkflowServiceException e) {
      return refuse(err, "Temporal: " + StatusCommand.rootMessage(e) + temporalHint);
    } catch (LedgerStorageException e) {
      return refuse(err, "the ledger " + lane.ledgerUrl() + ": " + StatusCommand.rootMessage(e));
    }
  }

  private Optional<SourceConfig> configuredSource(PrintWriter err) {
    List<SourceConfig> sources =
        OncelaneConfig.load(config, System.getenv()).relay().effectiveSources();
    Optional<SourceConfig> found =
        sources.stream().filter(s -> s.name().equals(source)).findFirst();
    if (found.isEmpty()) {
      err.println(
          "no source named "
              + source
              + "; configured: "
              + sources.stream().map(SourceConfig::name).collect(Collectors.joining(", ")));
    }
    return found;
  }

  private static void printSummary(PrintWriter out, ImportFile read) {
    List<ImportRow> invalid = read.invalidRows();
    out.printf(
        "read %s: %d rows, %d events to run, %d invalid%s, %d repeated (the same event as an"
            + " earlier line)%n",
        read.path().getFileName(),
        read.rows().size(),
        read.events(),
        invalid.size(),
        invalid.isEmpty() ? "" : " (" + firstLines(invalid) + ")",
        read.duplicateRows());
    invalid.stream()
        .limit(FIRST_INVALID_SHOWN)
        .forEach(r -> out.printf("  line %d: %s%n", r.line(), r.problem()));
    out.flush();
  }

  private static final int FIRST_INVALID_SHOWN = 5;

  /** The result file's status of a row whose event's run ended without settling it. */
  static final String STALLED = "stalled";

  private static String firstLines(List<ImportRow> invalid) {
    String lines =
        invalid.stream()
            .limit(FIRST_INVALID_SHOWN)
            .map(r -> Integer.toString(r.line()))
            .collect(Collectors.joining(", "));
    return (invalid.size() == 1 ? "line " : "lines ")
        + lines
        + (invalid.size() > FIRST_INVALID_SHOWN ? ", …" : "");
  }

  /**
   * Shows the import's progress until it is finished (or what is left has stalled), then writes the
   * result file; Ctrl-C leaves it running and says how to come back.
   *
   * @return the command's exit code
   */
  static int followAndFinish(
      ImportStore store,
      ImportFollower follower,
      String importId,
      ImportFormat format,
      Path resultFile,
      String ledgerUrl,
      PrintWriter out,
      PrintWriter err)
      throws IOException, InterruptedException {
    ImportProgress start = store.progress(importId);
    if (start.isFinished()) {
      return finish(store, importId, format, resultFile, start, List.of(), out);
    }
    Thread detachNote =
        new Thread(
            () -> {
              Optional<ImportFollower.Followed> ended;
              try {
                ended = follower.endedEarly(importId);
              } catch (RuntimeException e) {
                ended = Optional.empty();
              }
              if (ended.isPresent() && ended.get().endedEarly() != null) {
                out.printf("%ndetached: %s%n", endedEarly(ended.get(), importId, ledgerUrl));
              } else {
                out.printf(
                    "%ndetached: the import goes on in the workers; follow it with ./oncelane"
                        + " import status %s%n",
                    importId);
              }
              out.flush();
            });
    Runtime.getRuntime().addShutdownHook(detachNote);
    ImportFollower.Followed followed;
    try {
      try (ImportProgressBar bar =
          System.console() != null
              ? ImportProgressBar.onTerminal(start, System.out)
              : ImportProgressBar.asLines(start, out)) {
        followed =
            follower.follow(
                importId,
                bar::show,
                line -> {
                  err.println(line);
                  err.flush();
                });
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(detachNote);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C arrived: the note is printing.
      }
    }
    if (followed.endedEarly() != null) {
      return endedEarly(followed, importId, ledgerUrl, err);
    }
    return finish(
        store, importId, format, resultFile, followed.progress(), followed.stalled(), out);
  }

  /** Tells why the import workflow ended before the import finished; exit 1. */
  private static int endedEarly(
      ImportFollower.Followed followed, String importId, String ledgerUrl, PrintWriter err) {
    err.println(endedEarly(followed, importId, ledgerUrl));
    err.flush();
    return OncelaneCli.EXIT_REFUSED;
  }

  /**
   * What went wrong, and what to do: a workers' ledger without the import means this CLI stored it
   * in another ledger (the relative SQLite default read from another folder); a failure's own
   * message otherwise; running the import again for an import workflow stopped from outside.
   */
  static String endedEarly(ImportFollower.Followed followed, String importId, String ledgerUrl) {
    String counts =
        String.format(
            "%s, %d pending, %d processing",
            ImportProgressBar.counts(followed.progress()),
            followed.progress().pending(),
            followed.progress().processing());
    if (ImportActivities.UNKNOWN_IMPORT.equals(followed.failureType())) {
      return String.format(
          "%s (%s)%nthe workers' ledger has no import %s: this CLI stored it in %s; run the import"
              + " where the workers' ledger is (the folder ./oncelane dev runs in), or set %s (or"
              + " --ledger-url) to the workers' ledger",
          followed.endedEarly(), counts, importId, ledgerUrl, LedgerDataSources.URL_VARIABLE);
    }
    if (followed.failureType() != null) {
      return String.format("%s (%s)", followed.endedEarly(), counts);
    }
    return String.format(
        "%s before the import finished (%s); run ./oncelane import <file> again to go on",
        followed.endedEarly(), counts);
  }

  /**
   * Prints the outcome of a finished import and writes its result file, where the rows of {@code
   * stalled} events have status {@code stalled} and the reason {@code run <state>}.
   */
  static int finish(
      ImportStore store,
      String importId,
      ImportFormat format,
      Path resultFile,
      ImportProgress progress,
      List<ImportFollower.StalledEvent> stalled,
      PrintWriter out)
      throws IOException {
    out.printf(
        "finished %s: %d rows, %d events: %s; invalid rows: %d%n",
        importId,
        progress.totalRows(),
        progress.events(),
        ImportProgressBar.counts(progress),
        progress.invalidRows());
    printStalled(out, stalled);
    List<UnfinishedRow> unfinished = withStalled(store.unfinished(importId), stalled);
    if (unfinished.isEmpty()) {
      out.println("every row completed");
      out.flush();
      return 0;
    }
    ResultFile.write(resultFile, format, unfinished);
    out.printf(
        "rows that did not complete: %d, in %s (fix them and import that file again)%n",
        unfinished.size(), resultFile);
    out.flush();
    return OncelaneCli.EXIT_ROWS_NOT_COMPLETED;
  }

  private static final int FIRST_STALLED_SHOWN = 20;

  private static void printStalled(PrintWriter out, List<ImportFollower.StalledEvent> stalled) {
    if (stalled.isEmpty()) {
      return;
    }
    out.printf(
        "stalled: %d %s whose run ended without settling it; nothing more happens to %s without"
            + " you:%n",
        stalled.size(),
        stalled.size() == 1 ? "event" : "events",
        stalled.size() == 1 ? "it" : "them");
    for (ImportFollower.StalledEvent event :
        stalled.subList(0, Math.min(stalled.size(), FIRST_STALLED_SHOWN))) {
      out.printf(
          "  %s  %s, run %s: %s%n",
          event.processingId(),
          event.ledgerStatus(),
          event.runState(),
          event.ledgerStatus().equals(SyncStatus.PROCESSING.code())
              ? "./oncelane rerun " + event.processingId() + " starts it again"
              : "not in the ledger; run ./oncelane import <file> again to start it");
    }
    if (stalled.size() > FIRST_STALLED_SHOWN) {
      out.printf(
          "  and %d more (status stalled in the result file)%n",
          stalled.size() - FIRST_STALLED_SHOWN);
    }
  }

  /** {@code rows} with the rows of {@code stalled} events marked {@code stalled}. */
  private static List<UnfinishedRow> withStalled(
      List<UnfinishedRow> rows, List<ImportFollower.StalledEvent> stalled) {
    Map<String, String> runStates = new HashMap<>();
    stalled.forEach(e -> runStates.put(e.processingId(), e.runState()));
    return rows.stream()
        .map(
            r ->
                r.processingId() != null && runStates.containsKey(r.processingId())
                    ? new UnfinishedRow(
                        r.line(),
                        r.processingId(),
                        STALLED,
                        "run " + runStates.get(r.processingId()),
                        r.crmMessage(),
                        r.raw())
                    : r)
        .toList();
  }

  private static int refuse(PrintWriter err, String why) {
    err.println("refused: " + why);
    err.flush();
    return OncelaneCli.EXIT_REFUSED;
  }

  /** {@code oncelane import status <import-id>}: follow an import again, from any machine. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Show an import's progress from the ledger until it is finished (Ctrl-C detaches), then"
              + " write its result file. Works while it runs and long after.",
      footer = {
        "",
        "Exit codes: 0 every row completed; 1 unknown import, or its workflow ended before it"
            + " finished; "
            + OncelaneCli.EXIT_ROWS_NOT_COMPLETED
            + " finished, some rows did not complete; "
            + OncelaneCli.EXIT_STILL_RUNNING
            + " still running (--no-follow)."
      })
  public static final class Status implements Callable<Integer> {

    @Parameters(paramLabel = "IMPORT-ID", description = "e.g. trade-show-3f9a0c1b2d4e")
    String importId;

    @Option(
        names = "--result",
        paramLabel = "PATH",
        description =
            "Where the result file goes (default: <file>.result.csv|jsonl in this directory).")
    Path result;

    @Option(
        names = "--no-follow",
        description = "Print where it stands once and return; the result file only if finished.")
    boolean noFollow;

    @Mixin LaneOptions lane;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
      return onLane(spec, lane, "", this::follow);
    }

    private int follow(
        ImportStore store, TemporalConnection temporal, PrintWriter out, PrintWriter err)
        throws IOException, InterruptedException {
      Optional<ImportManifest> manifest = store.find(importId);
      if (manifest.isEmpty()) {
        return refuse(err, "no import '" + importId + "' in the ledger " + lane.ledgerUrl());
      }
      ImportManifest m = manifest.get();
      out.printf(
          "import %s: %s, %d rows, submitted by %s at %s%n",
          m.importId(),
          m.fileName(),
          m.totalRows(),
          m.submittedBy(),
          Instant.ofEpochMilli(m.submittedAtMillis()));
      ImportFormat format = ImportFormat.of(Path.of(m.fileName()));
      Path resultFile = result != null ? result : format.resultFile(Path.of(""), m.fileName());
      if (noFollow) {
        ImportFollower follower = ImportFollower.standard(store, temporal.client());
        ImportProgress progress = store.progress(importId);
        if (!progress.isFinished()) {
          Optional<ImportFollower.Followed> ended = follower.endedEarly(importId);
          if (ended.isPresent() && ended.get().endedEarly() != null) {
            return endedEarly(ended.get(), importId, lane.ledgerUrl(), err);
          }
          if (ended.isPresent()) {
            progress = ended.get().progress();
          }
        }
        if (!progress.isFinished()) {
          out.printf(
              "running: %d of %d events settled (%s), %d pending, %d processing%n",
              progress.settled(),
              progress.events(),
              ImportProgressBar.counts(progress),
              progress.pending(),
              progress.processing());
          out.flush();
          return OncelaneCli.EXIT_STILL_RUNNING;
        }
        return finish(store, importId, format, resultFile, progress, List.of(), out);
      }
      return followAndFinish(
          store,
          ImportFollower.standard(store, temporal.client()),
          importId,
          format,
          resultFile,
          lane.ledgerUrl(),
          out,
          err);
    }
  }
}
