package dev.oncelane.workers.config;

import dev.oncelane.workers.temporal.TemporalEndpoint;
import dev.oncelane.workflows.policy.LaneOrdering;
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
   * For benchmarks only, never for a lane with real data: {@code true} runs new events without
   * newest wins, that is last writer wins ({@link LaneOrdering#LAST_WRITER_WINS}: no contact lock,
   * no per-property freshness), giving up issue #10's guarantees (an older event can overwrite
   * newer values). {@code false} or unset: newest wins. Anything else is a {@link ConfigException}.
   * It exists for {@code bench load}'s "without newest wins" figure.
   */
  public static final String WITHOUT_NEWEST_WINS = "ONCELANE_BENCH_WITHOUT_NEWEST_WINS";

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
    String withoutNewestWins = env.get(WITHOUT_NEWEST_WINS);
    if (withoutNewestWins != null && !withoutNewestWins.matches("true|false")) {
      problems.add(
          new ConfigProblem(
              "environment",
              WITHOUT_NEWEST_WINS + " must be true or false, not '" + withoutNewestWins + "'"));
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

  /**
   * The workflow's settings: the review timeout, and without newest wins (= {@link
   * LaneOrdering#LAST_WRITER_WINS}) when {@value #WITHOUT_NEWEST_WINS} is {@code true} (else newest
   * wins).
   */
  public LaneSettings laneSettings() {
    LaneSettings settings = LaneSettings.defaults().withReviewTimeout(reviewTimeout);
    return "true".equals(env.get(WITHOUT_NEWEST_WINS))
        ? settings.withOrdering(LaneOrdering.LAST_WRITER_WINS)
        : settings;
  }

  public LaneEnvironment withDataDir(Path dir) {
    return new LaneEnvironment(temporal, dir, reviewTimeout, env);
  }

  /** The same lane at another Temporal address, its security settings kept. */
  public LaneEnvironment withTemporalAddress(String address) {
    return new LaneEnvironment(temporal.withAddress(address), dataDir, reviewTimeout, env);
  }
}
