package dev.oncelane.workers.bench.imports;

import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.bench.BenchStackOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code oncelane bench import}: issue #13's import proof, and import next to webhooks. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Generates a CSV (1%% invalid emails, 2%% repeated rows, 5%% rows for contacts the CRM"
          + " already has, seeded first with other values) and, on a stack it starts (Temporal,"
          + " the HubSpot sandbox with the burst limit and faults, a SQLite ledger, the relay, the"
          + " worker as its own process):",
      "  imports it as Temporal work (oncelane import's own entry point), SIGKILLing and"
          + " restarting the worker at --kill-worker-at, then checks every valid row's values are"
          + " in the CRM once, no contact is duplicated and every invalid row is in the result"
          + " file with its line number;",
      "  imports the same file again and counts the CRM writes it makes (must be 0);",
      "  sends the same rows (another email domain) as webhooks through the relay, the worker"
          + " killed at the same fraction, and reports rows/s and CRM calls per row side by side;",
      "  measures live webhooks' settle latency alone and during the import.",
      "Exit status 1 when a check fails."
    })
public final class ImportBenchCommand implements Callable<Integer> {

  @Option(names = "--rows", description = "Rows in the file (default ${DEFAULT-VALUE}).")
  int rows = 10_000;

  @Option(
      names = "--crm-limit",
      paramLabel = "N",
      description =
          "The sandbox's burst limit, requests per rolling 10 s, also the worker's CRM budget"
              + " (default ${DEFAULT-VALUE}, HubSpot's; 0: none).")
  int crmLimit = 190;

  @Option(
      names = "--faults",
      paramLabel = "SPEC",
      description =
          "The sandbox's other faults: none, or name=value,… of commit-then-drop, server-error"
              + " (probabilities), search-lag-ms, latency-ms (min-max) (default ${DEFAULT-VALUE}).")
  String faults = ImportBenchOptions.ISSUE_FAULTS;

  @Option(
      names = "--kill-worker-at",
      paramLabel = "FRACTION",
      description =
          "SIGKILL and restart the worker once this fraction of each half's events has settled"
              + " (default ${DEFAULT-VALUE}; 0: no kill).")
  double killWorkerAt = 0.5;

  @Option(
      names = "--seed",
      description = "Seed of the rows and the sandbox (default ${DEFAULT-VALUE}).")
  long seed = 13;

  @Option(
      names = "--max-in-flight",
      description = "The import's most events unsettled at once (default ${DEFAULT-VALUE}).")
  int maxInFlight = 50;

  @Option(names = "--no-webhooks", description = "Skip sending the same rows as webhooks.")
  boolean noWebhooks;

  @Option(names = "--no-trickle", description = "Skip the live webhooks' settle latency.")
  boolean noTrickle;

  @Mixin BenchStackOptions stack;

  @Override
  public Integer call() throws Exception {
    Optional<Path> jar = stack.workerJar();
    if (jar.isEmpty()) {
      return OncelaneCli.EXIT_USAGE;
    }
    Optional<Path> temporal = stack.temporalBinary();
    PrintStream progress = stack.progress();
    double kill = killWorkerAt;
    if (temporal.isEmpty()) {
      progress.println(
          "note: running on the in-memory Temporal server"
              + (stack.inMemory() ? "" : " (the `temporal` CLI was not found)"));
      if (kill > 0) {
        // The test server hands a task to a dead worker's poll and never dispatches it again.
        progress.println(
            "note: no worker kill on the in-memory server: it loses tasks handed to a killed"
                + " worker; install the `temporal` CLI for the crash part of the run");
        kill = 0;
      }
    }
    ImportBenchOptions options;
    try {
      options =
          ImportBenchOptions.builder()
              .rows(rows)
              .crmLimit(crmLimit)
              .faults(ImportBenchOptions.parseFaults(faults))
              .killWorkerAt(kill)
              .seed(seed)
              .maxInFlight(maxInFlight)
              .webhooks(!noWebhooks)
              .trickle(!noTrickle)
              .temporalBinary(temporal)
              .workerJar(jar.get())
              .dataDir(stack.dataDirOr("oncelane-import-"))
              .build();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return OncelaneCli.EXIT_USAGE;
    }
    ImportBenchReport report = new ImportRun(options, progress).run();
    stack.print(report, report::print);
    return report.ok() ? 0 : OncelaneCli.EXIT_REFUSED;
  }
}
