package dev.oncelane.workers.commands;

import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code oncelane sandbox}: the HubSpot-compatible sandbox alone. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = "Run the HubSpot-compatible contacts sandbox, with optional fault injection.")
public final class SandboxCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8090", description = "Port (0 = any free port).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind.")
  String host;

  @Option(names = "--token", defaultValue = "sandbox-token", description = "Accepted token.")
  String token;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the fault injection.")
  long seed;

  @Option(names = "--commit-then-drop", defaultValue = "0", description = "Rate 0..1.")
  double commitThenDrop;

  @Option(names = "--server-errors", defaultValue = "0", description = "5xx rate 0..1.")
  double serverErrors;

  @Option(names = "--latency-ms", defaultValue = "0-0", description = "Latency range, min-max.")
  String latency;

  @Option(names = "--rate-limit", defaultValue = "0", description = "Calls per 10 s; 0 = off.")
  int rateLimit;

  @Option(names = "--search-lag-ms", defaultValue = "0", description = "Search index lag.")
  long searchLagMs;

  @Override
  public Integer call() {
    String[] range = latency.split("-", 2);
    FaultConfig faults =
        new FaultConfig(
            commitThenDrop,
            serverErrors,
            Integer.parseInt(range[0].trim()),
            Integer.parseInt(range.length > 1 ? range[1].trim() : range[0].trim()),
            rateLimit,
            searchLagMs);
    SandboxServer sandbox =
        SandboxServer.start(new SandboxOptions(host, port, token, seed, faults));
    System.out.printf(
        "HubSpot sandbox on %s (token %s); inspect %s/__sandbox/contacts%n",
        sandbox.baseUrl(), token, sandbox.baseUrl());
    Shutdown.awaitThen(sandbox::close);
    return 0;
  }
}
