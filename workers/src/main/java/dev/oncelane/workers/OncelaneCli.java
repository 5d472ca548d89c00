package dev.oncelane.workers;

import dev.oncelane.workers.commands.DemoCommand;
import dev.oncelane.workers.commands.DevCommand;
import dev.oncelane.workers.commands.RelayCommand;
import dev.oncelane.workers.commands.SandboxCommand;
import dev.oncelane.workers.commands.WorkerCommand;
import dev.oncelane.workers.operator.ReportCommand;
import dev.oncelane.workers.operator.RerunCommand;
import dev.oncelane.workers.operator.ReviewCommand;
import dev.oncelane.workers.operator.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code oncelane} executable. */
@Command(
    name = "oncelane",
    mixinStandardHelpOptions = true,
    version = "oncelane 0.1.0",
    description = "Idempotent webhook-to-CRM lane on Temporal.",
    subcommands = {
      DevCommand.class,
      WorkerCommand.class,
      RelayCommand.class,
      SandboxCommand.class,
      StatusCommand.class,
      ReviewCommand.class,
      RerunCommand.class,
      ReportCommand.class,
      DemoCommand.class,
      dev.oncelane.workers.bench.BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class OncelaneCli implements Runnable {

  /** Exit code for a refused request (bad input, refused decision, broken invariant). */
  public static final int EXIT_REFUSED = 1;

  /** Exit code for a usage error (picocli's convention). */
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for main and for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new OncelaneCli());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
