package dev.oncelane.workers.commands;

import dev.oncelane.relay.sources.SourceConfig;
import dev.oncelane.workers.config.OncelaneConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code oncelane config check}: read and check the configuration, start nothing. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Work with oncelane's configuration.",
    subcommands = {ConfigCommand.Check.class})
public final class ConfigCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code oncelane config check [--config f]}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Read the configuration file (--config or ONCELANE_CONFIG) and the environment as the"
              + " worker and relay would at start, and print what they would run. Every problem is"
              + " listed with its file line or variable; exit code 2 when there is any. Secrets"
              + " are never printed.")
  public static final class Check implements Callable<Integer> {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "The configuration file.")
    Path config;

    @Override
    public Integer call() {
      OncelaneConfig loaded = OncelaneConfig.load(config, System.getenv());
      print(loaded, spec.commandLine().getOut());
      return 0;
    }
  }

  /** What a loaded configuration runs, without a secret. */
  public static void print(OncelaneConfig config, PrintWriter out) {
    out.println(
        "configuration OK"
            + (config.file() == null
                ? " (no file: the three default sources)"
                : " (" + config.file() + ")"));
    out.printf("  temporal   %s%n", config.lane().temporal().describe());
    out.printf("  ledger     %s%n", config.ledger().describe());
    out.printf(
        "  crm        %s%n",
        config.hubSpot() == null
            ? "HUBSPOT_TOKEN unset: a worker would refuse to start (dev mode uses its sandbox)"
            : config.hubSpot().baseUrl() + " (token set)");
    out.printf(
        "  metrics    %s%n",
        config.metricsPort() == 0 ? "off" : "worker :" + config.metricsPort() + "/metrics");
    out.printf(
        "  relay      %s:%d%s%n",
        config.relay().host(),
        config.relay().port(),
        config.relay().networkExposed() ? " (beyond loopback)" : " (loopback only)");
    for (SourceConfig source : config.relay().effectiveSources()) {
      out.printf(
          "    POST %-28s preset %s, signature %s, %s%n",
          source.path(),
          source.preset().code(),
          source.signature().code(),
          source.acceptsUnsigned()
              ? "UNSIGNED: anyone who reaches it can write contacts"
              : "secret from " + source.secretEnv());
    }
  }
}
