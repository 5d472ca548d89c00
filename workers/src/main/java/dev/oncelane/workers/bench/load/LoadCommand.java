package dev.oncelane.workers.bench.load;

import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.bench.BenchStackOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code oncelane bench load}: relay latency at fixed rates, throughput against the ceiling. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Measures, on a stack it starts (Temporal, a fault-free HubSpot sandbox, a SQLite ledger,"
          + " the relay in this JVM, the worker as its own process):",
      "  the relay's acknowledgement latency p50/p95/p99 at fixed offered rates, open loop, for"
          + " new events and for duplicates, with every delivery counted by answer"
          + " (202/200/503/other/none) and the 503-answered ones sent again;",
      "  end-to-end events/s at saturation and event-to-terminal latency, as a ratio to a bare"
          + " one-activity workflow saturated on the same server in the same run, with and without"
          + " payload encryption (AES-256-GCM codec on worker and relay);",
      "  events/s for "
          + LoadRun.ONE_CONTACT_EVENTS
          + " events on one contact, which take the contact's lock one after another;",
      "  the same distinct contacts through a worker without newest wins"
          + " (ONCELANE_BENCH_WITHOUT_NEWEST_WINS=true: no lock, no freshness), as a ratio to the"
          + " same bare workflow and as newest wins over without;",
      "  CRM calls per event and the worker's peak resident memory.",
      "Every measurement runs --repeat times on a fresh stack; the report holds the medians.",
      "With --crm-limit, also (or, with --crm-only, only): per limit and --crm-batching mode, on one"
          + " stack, the sandbox enforcing that burst limit per rolling 10 s and --workers worker"
          + " processes given it as their CRM budget: events/s and its ratio to the bare workflow"
          + " saturated just before, CRM calls per unique event, 429s and their share of CRM"
          + " requests, the mean batch size."
    })
public final class LoadCommand implements Callable<Integer> {

  @Option(
      names = "--events",
      description = "Events per saturation measurement, each lane (default ${DEFAULT-VALUE}).")
  int events = 300;

  @Option(
      names = "--rates",
      split = ",",
      description = "Offered relay rates per second (default ${DEFAULT-VALUE}).")
  List<Integer> rates = List.of(50, 100, 200);

  @Option(
      names = "--seconds",
      description = "How long each rate is offered, per kind (default ${DEFAULT-VALUE}).")
  int seconds = 5;

  @Option(
      names = "--repeat",
      description = "Runs of every measurement; the median is reported (default ${DEFAULT-VALUE}).")
  int repeat = 3;

  @Option(
      names = "--no-codec",
      description =
          "Skip saturating oncelane a second time with payload encryption on (its cost is reported"
              + " as a ratio to the same bare workflow).")
  boolean noCodec;

  @Option(
      names = "--crm-limit",
      split = ",",
      paramLabel = "N",
      description =
          "Burst limits (requests per rolling 10 s) to measure oncelane against, e.g. 0,190,20"
              + " (0: no limit, the row to compare with);"
              + " each is enforced by the sandbox and passed to the workers as "
              + CrmLimitRun.BUDGET_ENV
              + ".")
  List<Integer> crmLimits = List.of();

  @Option(
      names = "--crm-batching",
      split = ",",
      paramLabel = "on|off",
      description =
          "Values of "
              + CrmLimitRun.BATCHING_ENV
              + " the workers run with, one row each, e.g. off,on (default ${DEFAULT-VALUE}).")
  List<String> crmBatching = List.of("off");

  @Option(
      names = "--workers",
      paramLabel = "K",
      description =
          "Worker processes per --crm-limit row, sharing the sandbox's one token"
              + " (default ${DEFAULT-VALUE}).")
  int workers = 1;

  @Option(
      names = "--crm-events",
      description = "Unique events per --crm-limit row (default ${DEFAULT-VALUE}).")
  int crmEvents = 100;

  @Option(
      names = "--crm-burst",
      description =
          "Offer each --crm-limit row a burst instead: "
              + CrmLimitRun.BURST_FACTOR
              + " × the limit in unique events, all at once.")
  boolean crmBurst;

  @Option(
      names = "--crm-only",
      description = "Run only the --crm-limit measurements, not the relay and saturation ones.")
  boolean crmOnly;

  @Mixin BenchStackOptions stack;

  @Override
  public Integer call() throws Exception {
    if (events < 1
        || seconds < 1
        || repeat < 1
        || rates.isEmpty()
        || rates.stream().anyMatch(r -> r < 1)) {
      System.err.println(
          "--events, --seconds and --repeat must be at least 1, --rates a list of positive rates");
      return OncelaneCli.EXIT_USAGE;
    }
    if (crmLimits.stream().anyMatch(n -> n < 0)
        || !List.of("on", "off").containsAll(crmBatching)
        || crmBatching.isEmpty()
        || workers < 1
        || crmEvents < 1
        || (crmOnly && crmLimits.isEmpty())) {
      System.err.println(
          "--crm-limit takes limits of 0 (none) or more, --crm-batching on and/or off, --workers and"
              + " --crm-events at least 1; --crm-only needs --crm-limit");
      return OncelaneCli.EXIT_USAGE;
    }
    Optional<Path> jar = stack.workerJar();
    if (jar.isEmpty()) {
      return OncelaneCli.EXIT_USAGE;
    }
    Optional<Path> temporal = stack.temporalBinary();
    PrintStream progress = stack.progress();
    if (temporal.isEmpty() && !stack.inMemory()) {
      progress.println("note: the `temporal` CLI was not found; running on the in-memory server");
    }
    Path dataDir = stack.dataDirOr("oncelane-load-");
    CrmLimitReport crm = null;
    if (!crmLimits.isEmpty()) {
      crm =
          new CrmLimitRun(
                  CrmLimitOptions.builder()
                      .limits(crmLimits)
                      .batching(crmBatching)
                      .workers(workers)
                      .events(crmEvents)
                      .burst(crmBurst)
                      .temporalBinary(temporal)
                      .workerJar(jar.get())
                      .dataDir(dataDir)
                      .build(),
                  progress)
              .run();
    }
    boolean crmFinished =
        crm == null || crm.rows().stream().allMatch(row -> row.oncelane().unfinished() == 0);
    if (crmOnly) {
      stack.print(crm, crm::print);
      return crmFinished ? 0 : OncelaneCli.EXIT_REFUSED;
    }
    LoadOptions options =
        LoadOptions.builder()
            .events(events)
            .rates(rates)
            .secondsPerRate(seconds)
            .repeats(repeat)
            .temporalBinary(temporal)
            .workerJar(jar.get())
            .dataDir(dataDir)
            .settleTimeout(Duration.ofMinutes(3).plusSeconds(events / 2))
            .codec(!noCodec)
            .build();
    LoadReport report = new LoadRun(options, progress).run();
    if (crm == null) {
      stack.print(report, report::print);
    } else {
      CrmLimitReport crmReport = crm;
      Map<String, Object> both = new LinkedHashMap<>();
      both.put("load", report);
      both.put("crmLimit", crmReport);
      stack.print(
          both,
          out -> {
            report.print(out);
            crmReport.print(out);
          });
    }
    return crmFinished
            && report.oncelane().unfinished() == 0
            && report.bare().unfinished() == 0
            && (report.encrypted() == null || report.encrypted().unfinished() == 0)
            && report.oneContact().unfinished() == 0
        ? 0
        : OncelaneCli.EXIT_REFUSED;
  }
}
