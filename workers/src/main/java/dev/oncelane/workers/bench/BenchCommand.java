package dev.oncelane.workers.bench;

import dev.oncelane.workers.bench.imports.ImportBenchCommand;
import dev.oncelane.workers.bench.load.LoadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code oncelane bench}: benchmarks and chaos runs against a stack the command starts. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks and chaos runs.",
    subcommands = {ChaosCommand.class, LoadCommand.class, ImportBenchCommand.class})
public final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
