package dev.oncelane.workers.commands;

import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.config.OncelaneConfig;
import dev.oncelane.workers.dev.DevOptions;
import dev.oncelane.workers.dev.DevStack;
import dev.oncelane.workers.temporal.NamespaceNotReady;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code oncelane dev}: the whole lane on this machine. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description =
        "Run everything on this machine: Temporal (the `temporal` CLI dev server if installed,"
            + " else the in-memory test server), the HubSpot sandbox (unless HUBSPOT_TOKEN is set),"
            + " the SQLite ledger, the worker and the relay. Ctrl-C stops it.")
public final class DevCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--data-dir", defaultValue = ".oncelane", description = "Data directory.")
  Path dataDir;

  @Option(names = "--relay-port", defaultValue = "8080", description = "Relay port.")
  int relayPort;

  @Option(names = "--temporal-port", defaultValue = "7233", description = "Temporal port.")
  int temporalPort;

  @Option(names = "--ui-port", defaultValue = "8233", description = "Temporal Web UI port.")
  int uiPort;

  @Option(names = "--sandbox-port", defaultValue = "8090", description = "HubSpot sandbox port.")
  int sandboxPort;

  @Option(
      names = "--codec-port",
      defaultValue = "8234",
      description = "Port of the codec server the Web UI decrypts payloads through.")
  int codecPort;

  @Option(names = "--seed", defaultValue = "1", description = "Sandbox fault seed.")
  long seed;

  @Option(
      names = "--in-memory",
      description = "Use the in-memory Temporal test server even if `temporal` is installed.")
  boolean inMemory;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The configuration file (its sources); default ONCELANE_CONFIG, else none.")
  Path config;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    DevOptions options =
        new DevOptions(
            dataDir, relayPort, temporalPort, uiPort, sandboxPort, seed, inMemory, codecPort);
    OncelaneConfig loaded = OncelaneConfig.load(config, System.getenv());
    DevStack stack;
    try {
      stack = DevStack.start(options, loaded.lane(), loaded.relay().sources(), out);
    } catch (NamespaceNotReady e) {
      spec.commandLine().getErr().println(e.report().describe());
      return OncelaneCli.EXIT_NOT_SET_UP;
    }
    printWhatRunsWhere(stack, out);
    Shutdown.awaitThen(
        () -> {
          out.println("stopping oncelane dev …");
          stack.close();
        });
    return 0;
  }

  private void printWhatRunsWhere(DevStack stack, PrintStream out) {
    String relay = "http://127.0.0.1:" + stack.relayPort();
    out.println();
    out.println("oncelane dev is running");
    out.printf(
        "  temporal   %s (%s)%n",
        stack.temporal().address(),
        stack.temporal().durable() ? "temporal CLI dev server, durable" : "in-memory, NOT durable");
    if (stack.temporal().uiUrl() != null) {
      out.printf(
          "  web ui     %s (decodes payloads through the codec server)%n",
          stack.temporal().uiUrl());
    }
    out.printf(
        "  payloads   AES-256-GCM encrypted in Temporal; %s%n", stack.codecKeysDescription());
    stack
        .codecKeyFile()
        .ifPresent(file -> out.printf("             key file %s%n", file.toAbsolutePath()));
    out.printf(
        "  codec      %s (token %s)%n",
        stack.codecServerUrl(),
        stack
            .codecTokenFile()
            .map(f -> "in " + f.toAbsolutePath())
            .orElse("from ONCELANE_CODEC_TOKEN"));
    out.printf(
        "  crm        %s%s%n",
        stack.crmBaseUrl(), stack.sandbox().isPresent() ? " (sandbox)" : " (HubSpot)");
    stack.sandbox().ifPresent(s -> out.printf("  contacts   %s/__sandbox/contacts%n", s.baseUrl()));
    out.printf("  ledger     %s%n", stack.ledgerUrl());
    stack
        .metricsPort()
        .ifPresent(p -> out.printf("  metrics    http://127.0.0.1:%d/metrics (worker)%n", p));
    out.printf("  relay      %s%n", relay);
    out.println();
    out.println("Try:");
    out.printf(
        "  curl -i %s/webhooks/generic -H 'Content-Type: application/json' \\%n"
            + "    -H 'Idempotency-Key: evt-1' \\%n"
            + "    -d '{\"type\":\"contact.upsert\",\"email\":\"ada@example.com\","
            + "\"properties\":{\"firstname\":\"Ada\"}}'%n",
        relay);
    out.println();
    out.println("Read a history decrypted with the temporal CLI:");
    out.printf(
        "  temporal workflow show -w generic:evt-1 --codec-endpoint %s \\%n"
            + "    --codec-auth \"Bearer $(cat %s)\"%n",
        stack.codecServerUrl(),
        stack.codecTokenFile().map(f -> f.toAbsolutePath().toString()).orElse("<token file>"));
    out.println();
    out.println("Ctrl-C stops everything.");
  }
}
