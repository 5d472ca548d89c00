package dev.oncelane.workers.commands;

import dev.oncelane.workers.OncelaneCli;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.demo.Demo;
import dev.oncelane.workers.temporal.TemporalConnection;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code oncelane demo}: the scenarios that break naive lanes, against a running dev stack. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Play, against a running `oncelane dev`, the deliveries that break naive lanes and print"
            + " what happened to each. Exits 1 if an invariant breaks (a duplicate contact, an"
            + " event left in no terminal state).")
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--relay", defaultValue = "http://127.0.0.1:8080", description = "Relay URL.")
  String relay;

  @Option(
      names = "--sandbox",
      defaultValue = "http://127.0.0.1:8090",
      description = "HubSpot sandbox URL.")
  String sandbox;

  @Option(names = "--temporal", description = "Temporal address (default TEMPORAL_ADDRESS).")
  String temporalAddress;

  @Option(names = "--timeout-seconds", defaultValue = "90", description = "Per event.")
  long timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    LaneEnvironment environment = LaneEnvironment.fromEnv(System.getenv());
    String address = temporalAddress != null ? temporalAddress : environment.temporalAddress();
    try (TemporalConnection temporal =
        TemporalConnection.connect(environment.withTemporalAddress(address))) {
      boolean allHeld =
          Demo.play(
              relay, sandbox, temporal.client(), Duration.ofSeconds(timeoutSeconds), System.out);
      return allHeld ? 0 : OncelaneCli.EXIT_REFUSED;
    }
  }
}
