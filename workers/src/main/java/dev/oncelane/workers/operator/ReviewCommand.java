package dev.oncelane.workers.operator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code oncelane review}: the manual-review queue. */
@Command(
    name = "review",
    mixinStandardHelpOptions = true,
    description = "List and resolve the events waiting for a person.",
    subcommands = {ReviewListCommand.class, ReviewResolveCommand.class})
public final class ReviewCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "say what to do: review list, or review resolve <processing-id>");
  }
}
