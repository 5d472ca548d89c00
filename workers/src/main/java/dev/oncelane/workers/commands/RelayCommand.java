package dev.oncelane.workers.commands;

import dev.oncelane.relay.RelayServer;
import dev.oncelane.relay.readiness.CachedReadiness;
import dev.oncelane.workers.codec.PayloadEncryption;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.config.OncelaneConfig;
import dev.oncelane.workers.temporal.NamespaceCheck;
import dev.oncelane.workers.temporal.NamespaceReport;
import dev.oncelane.workers.temporal.TemporalConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code oncelane relay}: the production webhook relay. */
@Command(
    name = "relay",
    mixinStandardHelpOptions = true,
    description =
        "Run the webhook relay: POST /webhooks/<source> for each configured source (by default"
            + " typeform, generic, standard-webhooks) starts workflows on TEMPORAL_ADDRESS;"
            + " sources from --config / ONCELANE_CONFIG, settings and secrets from the"
            + " environment (see the README). Exits 2 listing every configuration problem. GET"
            + " /readyz answers 503 while the namespace lacks what the lane needs.")
public final class RelayCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "The configuration file.")
  Path config;

  @Override
  public Integer call() {
    OncelaneConfig loaded = OncelaneConfig.load(config, System.getenv());
    LaneEnvironment environment = loaded.lane();
    TemporalConnection connection = TemporalConnection.connect(environment);
    NamespaceCheck namespace =
        new NamespaceCheck(
            connection.service(), environment.temporalAddress(), environment.temporalNamespace());
    RelayServer relay =
        RelayServer.start(
            loaded.relay(),
            connection.client(),
            Clock.systemUTC(),
            CachedReadiness.of(namespace::readiness));
    System.out.printf(
        "oncelane relay listening on port %d, starting workflows on %s; %s%n",
        relay.port(),
        environment.temporalAddress(),
        PayloadEncryption.describe(environment.env(), environment.dataDir()));
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
