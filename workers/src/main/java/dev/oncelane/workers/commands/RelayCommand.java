package dev.oncelane.workers.commands;

import dev.oncelane.relay.RelayConfig;
import dev.oncelane.relay.RelayServer;
import dev.oncelane.workers.codec.PayloadEncryption;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.temporal.TemporalConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code oncelane relay}: the production webhook relay. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description =
        "Run the webhook relay: POST /webhooks/typeform and /webhooks/generic start workflows on"
            + " TEMPORAL_ADDRESS; configured by the environment (see the README).")
public final class RelayCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    LaneEnvironment environment = LaneEnvironment.fromEnv(System.getenv());
    TemporalConnection connection = TemporalConnection.connect(environment);
    RelayServer relay =
        RelayServer.start(RelayConfig.fromEnv(environment.env()), connection.client());
    System.out.printf(
        "oncelane relay listening on port %d, starting workflows on %s; %s%n",
        relay.port(),
        environment.temporalAddress(),
        PayloadEncryption.describe(environment.env(), environment.dataDir()));
    Shutdown.awaitThen(
        () -> {
          relay.close();
          connection.close();
        });
    return 0;
  }
}
