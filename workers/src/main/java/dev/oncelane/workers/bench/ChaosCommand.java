package dev.oncelane.workers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.bench.chaos.ChaosOptions;
import dev.oncelane.workers.bench.chaos.ChaosReport;
import dev.oncelane.workers.bench.chaos.ChaosRun;
import dev.oncelane.workers.temporal.TemporalCliServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code oncelane bench chaos}: a seeded stream under faults and worker kills, then invariants. */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
      "Plays a seeded event stream through the relay into a stack it starts (Temporal, a faulty"
          + " HubSpot sandbox, a SQLite ledger, the worker as its own process), SIGKILLs and"
          + " restarts the worker mid-run, checks the invariants, then plays the same stream"
          + " through two naive lanes for comparison.",
      "Exit status 1 when an invariant breaks."
    })
public final class ChaosCommand implements Callable<Integer> {

  @Option(
      names = "--events",
      description = "Unique events in the stream (default ${DEFAULT-VALUE}).")
  int events = 300;

  @Option(
      names = "--seed",
      description = "Seed of the stream and the sandbox (default ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--kill-worker",
      description = "SIGKILL and restart the worker this many times (default ${DEFAULT-VALUE}).")
  int kills = 2;

  @Option(names = "--in-memory", description = "Use the in-memory Temporal server, not the CLI's.")
  boolean inMemory;

  @Option(names = "--no-naive", description = "Skip the naive lanes.")
  boolean noNaive;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(
      names = "--data-dir",
      description =
          "Where the ledger, Temporal's data and logs go (default: a new temporary directory).")
  Path dataDir;

  @Option(
      names = "--worker-jar",
      description = "The oncelane jar the worker process runs (default: the running jar).")
  Path workerJar;

  @Override
  public Integer call() throws Exception {
    if (events < 10 || kills < 0) {
      System.err.println("--events must be at least 10 and --kill-worker at least 0");
      return OncelaneCli.EXIT_USAGE;
    }
    Optional<Path> jar = workerJar != null ? Optional.of(workerJar) : BenchServers.runningJar();
    if (jar.isEmpty()) {
      System.err.println(
          "cannot tell which jar to run the worker from; build it (./oncelane does) or pass"
              + " --worker-jar workers/target/oncelane.jar");
      return OncelaneCli.EXIT_USAGE;
    }
    Optional<Path> temporal =
        inMemory ? Optional.empty() : TemporalCliServer.findBinary(System.getenv());
    PrintStream progress = json ? System.err : System.out;
    int workerKills = kills;
    if (temporal.isEmpty()) {
      progress.println(
          "note: running on the in-memory Temporal server"
              + (inMemory ? "" : " (the `temporal` CLI was not found)"));
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
            dataDir != null ? dataDir : Files.createTempDirectory("oncelane-chaos-"),
            ChaosOptions.defaultFaults(),
            !noNaive,
            Duration.ofMinutes(5).plusSeconds(events));
    ChaosReport report = new ChaosRun(options, progress).run();
    if (json) {
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      report.print(System.out);
    }
    return report.ok() ? 0 : OncelaneCli.EXIT_REFUSED;
  }
}
