package dev.oncelane.workers.config;

import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.activities.ledger.LedgerDatabase;
import dev.oncelane.relay.RelayConfig;
import dev.oncelane.relay.sources.SourceConfig;
import dev.oncelane.workers.alerts.AlertSettings;
import dev.oncelane.workers.metrics.WorkerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * oncelane's one configuration, read and checked once at start: the file named by {@code --config}
 * or {@value #FILE_VARIABLE} (its {@code sources:}, see {@link SourcesFile}) and the environment
 * (Temporal, the ledger, the CRM, the relay, alerts, metrics). {@link #load} lists every problem
 * with where it came from, so an operator fixes them in one round; commands exit 2 on them.
 *
 * @param file the configuration file, or null when none is given (three default sources)
 * @param lane the process environment: Temporal's connection (through temporal-envconfig), data
 *     directory, review timeout
 * @param relay the relay, its sources from the file (else the defaults), every unsigned opt-in
 *     applied
 * @param hubSpot the CRM connection, or null when {@code HUBSPOT_TOKEN} is unset (a relay-only
 *     process; the worker refuses to start without it)
 * @param ledger the ledger database (URL and credentials)
 * @param alerts alert thresholds
 * @param metricsPort the worker's {@code /metrics} port; 0 for none
 */
public record OncelaneConfig(
    Path file,
    LaneEnvironment lane,
    RelayConfig relay,
    HubSpotConfig hubSpot,
    LedgerDatabase ledger,
    AlertSettings alerts,
    int metricsPort) {

  /** The variable naming the configuration file when {@code --config} is not given. */
  public static final String FILE_VARIABLE = "ONCELANE_CONFIG";

  private static final String ENVIRONMENT = "environment";

  /**
   * Reads and checks the whole configuration.
   *
   * @param file the file from {@code --config}, or null to use {@value #FILE_VARIABLE} (or none)
   * @param env the process environment
   * @throws ConfigException listing every problem, each with its file line or variable
   */
  public static OncelaneConfig load(Path file, Map<String, String> env) {
    List<ConfigProblem> problems = new ArrayList<>();
    Path configFile = file;
    if (configFile == null && env.get(FILE_VARIABLE) != null && !env.get(FILE_VARIABLE).isBlank()) {
      configFile = Path.of(env.get(FILE_VARIABLE).trim());
    }
    List<SourceConfig> sources = List.of();
    if (configFile != null) {
      if (!Files.isRegularFile(configFile)) {
        problems.add(
            new ConfigProblem(
                configFile.toString(),
                "no such file (given by " + (file != null ? "--config" : FILE_VARIABLE) + ")"));
      } else {
        sources = SourcesFile.read(configFile, env, problems);
      }
    }
    LaneEnvironment lane = read(problems, () -> LaneEnvironment.fromEnv(env));
    RelayConfig relay = read(problems, () -> RelayConfig.fromEnv(env));
    if (relay != null && !sources.isEmpty()) {
      List<SourceConfig> fileSources = sources;
      relay = read(problems, () -> withFileSources(env, fileSources));
    }
    if (relay != null) {
      for (String problem : relay.problems()) {
        problems.add(new ConfigProblem(ENVIRONMENT, problem));
      }
    }
    String token = env.get(HubSpotConfig.ENV_TOKEN);
    HubSpotConfig hubSpot =
        token == null || token.isBlank() ? null : read(problems, () -> HubSpotConfig.fromEnv(env));
    LedgerDatabase ledger =
        lane == null ? null : read(problems, () -> LedgerDatabase.fromEnv(env, lane.dataDir()));
    AlertSettings alerts = read(problems, () -> AlertSettings.fromEnv(env));
    Integer metricsPort = read(problems, () -> WorkerMetrics.port(env));
    read(problems, () -> CrmThroughputConfig.fromEnv(env));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new OncelaneConfig(configFile, lane, relay, hubSpot, ledger, alerts, metricsPort);
  }

  private static RelayConfig withFileSources(
      Map<String, String> env, List<SourceConfig> fileSources) {
    RelayConfig fromEnv = RelayConfig.fromEnv(env);
    return fromEnv.toBuilder().sources(RelayConfig.withUnsignedOptIns(fileSources, env)).build();
  }

  /**
   * The worker's own requirement beyond {@link #load}: a CRM token.
   *
   * @throws ConfigException when {@code HUBSPOT_TOKEN} is unset
   */
  public HubSpotConfig requireHubSpot() {
    if (hubSpot == null) {
      throw new ConfigException(
          List.of(
              new ConfigProblem(
                  ENVIRONMENT,
                  HubSpotConfig.ENV_TOKEN
                      + " is unset; the worker needs a HubSpot private-app token")));
    }
    return hubSpot;
  }

  private static <T> T read(List<ConfigProblem> problems, Supplier<T> reader) {
    try {
      return reader.get();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return null;
    } catch (IllegalArgumentException | IllegalStateException e) {
      problems.add(new ConfigProblem(ENVIRONMENT, e.getMessage()));
      return null;
    }
  }
}
