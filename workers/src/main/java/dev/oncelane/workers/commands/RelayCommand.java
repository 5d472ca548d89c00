package dev.oncelane.workers.commands;

import dev.oncelane.relay.RelayConfig;
import dev.oncelane.relay.RelayServer;
import dev.oncelane.relay.readiness.CachedReadiness;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.temporal.NamespaceCheck;
import dev.oncelane.workers.temporal.NamespaceReport;
import dev.oncelane.workers.temporal.TemporalConnection;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code oncelane relay}: the production webhook relay. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description =
        "Run the webhook relay: POST /webhooks/typeform and /webhooks/generic start workflows on"
            + " TEMPORAL_ADDRESS; configured by the environment (see the README). GET /readyz"
            + " answers 503 while the namespace lacks what the lane needs.")
public final class RelayCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    LaneEnvironment environment = LaneEnvironment.fromEnv(System.getenv());
    TemporalConnection connection = TemporalConnection.connect(environment);
    NamespaceCheck namespace =
        new NamespaceCheck(
            connection.service(), environment.temporalAddress(), environment.temporalNamespace());
    RelayServer relay =
        RelayServer.start(
            RelayConfig.fromEnv(environment.env()),
            connection.client(),
            Clock.systemUTC(),
            CachedReadiness.of(namespace::readiness));
    System.out.printf(
        "oncelane relay listening on port %d, starting workflows on %s%n",
        relay.port(), environment.temporalAddress());
    NamespaceReport report = namespace.check();
    if (!report.ready()) {
      System.err.println(
          "WARNING: " + report.describe() + "\nGET /readyz answers 503 until this is fixed.");
    }
    Shutdown.awaitThen(
        () -> {
          relay.close();
          namespace.close();
          connection.close();
        });
    return 0;
  }
}
