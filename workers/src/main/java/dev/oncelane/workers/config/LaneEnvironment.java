package dev.oncelane.workers.config;

import dev.oncelane.workers.temporal.TemporalEndpoint;
import dev.oncelane.workflows.policy.LaneSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process configuration the design names, read from the environment once at start-up.
 *
 * @param temporal the Temporal frontend, namespace and security, read by Temporal's environment
 *     configuration ({@code TEMPORAL_*} variables over a {@code temporal} CLI profile; see {@link
 *     TemporalEndpoint})
 * @param dataDir {@code ONCELANE_DATA_DIR}: where the default SQLite ledger lives
 * @param reviewTimeout {@code ONCELANE_REVIEW_TIMEOUT}: e.g. {@code 14d}, {@code 36h}, {@code
 *     PT30M}
 * @param env the whole environment, for the components that read their own variables
 */
public record LaneEnvironment(
    TemporalEndpoint temporal, Path dataDir, Duration reviewTimeout, Map<String, String> env) {

  public static final String DEFAULT_TEMPORAL_ADDRESS = TemporalEndpoint.DEFAULT_ADDRESS;
  public static final String DEFAULT_NAMESPACE = TemporalEndpoint.DEFAULT_NAMESPACE;

  /**
   * Reads the lane's environment.
   *
   * @throws ConfigException listing every problem, each with its origin
   */
  public static LaneEnvironment fromEnv(Map<String, String> env) {
    List<ConfigProblem> problems = new ArrayList<>();
    TemporalEndpoint temporal = null;
    try {
      temporal = TemporalEndpoint.load(env);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    Duration reviewTimeout = null;
    try {
      reviewTimeout =
          Durations.parse(
              env.getOrDefault("ONCELANE_REVIEW_TIMEOUT", "14d"), "ONCELANE_REVIEW_TIMEOUT");
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem("environment", e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new LaneEnvironment(
        temporal,
        Path.of(env.getOrDefault("ONCELANE_DATA_DIR", ".oncelane")),
        reviewTimeout,
        Map.copyOf(env));
  }

  /** host:port of the Temporal frontend. */
  public String temporalAddress() {
    return temporal.address();
  }

  /** The Temporal namespace. */
  public String temporalNamespace() {
    return temporal.namespace();
  }

  public LaneSettings laneSettings() {
    return LaneSettings.defaults().withReviewTimeout(reviewTimeout);
  }

  public LaneEnvironment withDataDir(Path dir) {
    return new LaneEnvironment(temporal, dir, reviewTimeout, env);
  }

  /** The same lane at another Temporal address, its security settings kept. */
  public LaneEnvironment withTemporalAddress(String address) {
    return new LaneEnvironment(temporal.withAddress(address), dataDir, reviewTimeout, env);
  }
}
