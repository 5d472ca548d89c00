package dev.oncelane.workers.bench;

import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.bench.chaos.ChaosOptions;
import dev.oncelane.workers.bench.chaos.ChaosReport;
import dev.oncelane.workers.bench.chaos.ChaosRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code oncelane bench chaos}: a seeded stream under faults and worker kills, then invariants. */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
      "Plays a seeded event stream through the relay into a stack it starts (Temporal, a faulty"
          + " HubSpot sandbox, a SQLite ledger, the worker as its own process), SIGKILLs and"
          + " restarts the worker mid-run, ends with several events per contact delivered out"
          + " of order, checks the invariants, then plays the same stream"
          + " through two naive lanes for comparison.",
      "Exit status 1 when an invariant breaks."
    })
public final class ChaosCommand implements Callable<Integer> {

  @Option(
      names = "--events",
      description =
          "Unique events in the first three phases (default ${DEFAULT-VALUE}); the out-of-order"
              + " phase adds 4 events for each of --events / 6 new contacts.")
  int events = 300;

  @Option(
      names = "--seed",
      description = "Seed of the stream and the sandbox (default ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--kill-worker",
      description = "SIGKILL and restart the worker this many times (default ${DEFAULT-VALUE}).")
  int kills = 2;

  @Option(names = "--no-naive", description = "Skip the naive lanes.")
  boolean noNaive;

  @Mixin BenchStackOptions stack;

  @Override
  public Integer call() throws Exception {
    if (events < 10 || kills < 0) {
      System.err.println("--events must be at least 10 and --kill-worker at least 0");
      return OncelaneCli.EXIT_USAGE;
    }
    Optional<Path> jar = stack.workerJar();
    if (jar.isEmpty()) {
      return OncelaneCli.EXIT_USAGE;
    }
    Optional<Path> temporal = stack.temporalBinary();
    PrintStream progress = stack.progress();
    int workerKills = kills;
    if (temporal.isEmpty()) {
      progress.println(
          "note: running on the in-memory Temporal server"
              + (stack.inMemory() ? "" : " (the `temporal` CLI was not found)"));
      if (kills > 0) {
        // The test server hands a task to a dead worker's poll and never dispatches it again.
        progress.println(
            "note: no worker kills on the in-memory server: it loses tasks handed to a killed"
                + " worker; install the `temporal` CLI for the crash part of the run");
        workerKills = 0;
      }
    }
    ChaosOptions options =
        new ChaosOptions(
            events,
            seed,
            workerKills,
            temporal,
            jar.get(),
            stack.dataDirOr("oncelane-chaos-"),
            ChaosOptions.defaultFaults(),
            !noNaive,
            Duration.ofMinutes(5).plusSeconds(events));
    ChaosReport report = new ChaosRun(options, progress).run();
    stack.print(report, report::print);
    return report.ok() ? 0 : OncelaneCli.EXIT_REFUSED;
  }
}
