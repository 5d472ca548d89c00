package dev.oncelane.workers.config;

import dev.oncelane.workflows.policy.LaneSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The process configuration the design names, read from the environment once at start-up.
 *
 * @param temporalAddress {@code TEMPORAL_ADDRESS}, host:port of the Temporal frontend
 * @param temporalNamespace {@code TEMPORAL_NAMESPACE}
 * @param dataDir {@code ONCELANE_DATA_DIR}: where the default SQLite ledger lives
 * @param reviewTimeout {@code ONCELANE_REVIEW_TIMEOUT}: e.g. {@code 14d}, {@code 36h}, {@code
 *     PT30M}
 * @param env the whole environment, for the components that read their own variables
 */
public record LaneEnvironment(
    String temporalAddress,
    String temporalNamespace,
    Path dataDir,
    Duration reviewTimeout,
    Map<String, String> env) {

  public static final String DEFAULT_TEMPORAL_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";

  public static LaneEnvironment fromEnv(Map<String, String> env) {
    return new LaneEnvironment(
        env.getOrDefault("TEMPORAL_ADDRESS", DEFAULT_TEMPORAL_ADDRESS),
        env.getOrDefault("TEMPORAL_NAMESPACE", DEFAULT_NAMESPACE),
        Path.of(env.getOrDefault("ONCELANE_DATA_DIR", ".oncelane")),
        Durations.parse(
            env.getOrDefault("ONCELANE_REVIEW_TIMEOUT", "14d"), "ONCELANE_REVIEW_TIMEOUT"),
        Map.copyOf(env));
  }

  public LaneSettings laneSettings() {
    return LaneSettings.defaults().withReviewTimeout(reviewTimeout);
  }

  public LaneEnvironment withDataDir(Path dir) {
    return new LaneEnvironment(temporalAddress, temporalNamespace, dir, reviewTimeout, env);
  }

  public LaneEnvironment withTemporalAddress(String address) {
    return new LaneEnvironment(address, temporalNamespace, dataDir, reviewTimeout, env);
  }
}
