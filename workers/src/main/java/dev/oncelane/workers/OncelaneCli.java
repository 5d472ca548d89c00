package dev.oncelane.workers;

import dev.oncelane.workers.commands.CodecServerCommand;
import dev.oncelane.workers.commands.ConfigCommand;
import dev.oncelane.workers.commands.DemoCommand;
import dev.oncelane.workers.commands.DevCommand;
import dev.oncelane.workers.commands.RelayCommand;
import dev.oncelane.workers.commands.SandboxCommand;
import dev.oncelane.workers.commands.SourcesCommand;
import dev.oncelane.workers.commands.WorkerCommand;
import dev.oncelane.workers.config.ConfigException;
import dev.oncelane.workers.config.MaskingOutputStream;
import dev.oncelane.workers.imports.ImportCommand;
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
      CodecServerCommand.class,
      SandboxCommand.class,
      StatusCommand.class,
      ReviewCommand.class,
      RerunCommand.class,
      ReportCommand.class,
      ImportCommand.class,
      DemoCommand.class,
      ConfigCommand.class,
      SourcesCommand.class,
      dev.oncelane.workers.bench.BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class OncelaneCli implements Runnable {

  /** Exit code for a refused request (bad input, refused decision, broken invariant). */
  public static final int EXIT_REFUSED = 1;

  /** Exit code for a usage error (picocli's convention). */
  public static final int EXIT_USAGE = 2;

  /**
   * Exit code when the lane's set-up (the Temporal namespace, its search attributes) keeps a
   * process from running; like a usage error, the operator must change something first.
   */
  public static final int EXIT_NOT_SET_UP = 2;

  /** Exit code when the workflow gave no answer in time ({@code review resolve --timeout}). */
  public static final int EXIT_NO_ANSWER = 3;

  /**
   * Exit code of {@code import} and {@code import status} when the import finished but some rows
   * did not complete (invalid, failed, in review, discarded): the result file lists them.
   */
  public static final int EXIT_ROWS_NOT_COMPLETED = 4;

  /** Exit code of {@code import status --no-follow} while the import is still running. */
  public static final int EXIT_STILL_RUNNING = 5;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Before anything prints or logs: no output of this process shows a credential.
    System.setOut(MaskingOutputStream.around(System.out));
    System.setErr(MaskingOutputStream.around(System.err));
    System.exit(commandLine().execute(args));
  }

  /**
   * The configured command line, for main and for tests. A configuration that cannot be used ends
   * any command with its problems listed and exit code {@value #EXIT_USAGE}.
   */
  public static CommandLine commandLine() {
    CommandLine line = new CommandLine(new OncelaneCli());
    line.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ConfigException config) {
            commandLine.getErr().println(config.getMessage());
            return EXIT_USAGE;
          }
          throw e;
        });
    return line;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
