package dev.oncelane.workers.config;

import java.util.List;
import java.util.Map;

/**
 * How imports are paced, from the environment.
 *
 * @param maxInFlight {@value #MAX_IN_FLIGHT}: the most of one import's events unsettled at once
 *     (started and not yet completed, failed or in review), default {@value
 *     #DEFAULT_MAX_IN_FLIGHT}; the import workflow's default when its request names none, and
 *     {@code oncelane import}'s default for {@code --max-in-flight}
 */
public record ImportConfig(int maxInFlight) {

  public static final String MAX_IN_FLIGHT = "ONCELANE_IMPORT_MAX_IN_FLIGHT";

  /** Live webhooks queue behind at most this many import rows on the lane's task queue. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 50;

  /**
   * Reads {@value #MAX_IN_FLIGHT}.
   *
   * @throws ConfigException when it is not a whole number of at least 1
   */
  public static ImportConfig fromEnv(Map<String, String> env) {
    String text = env.get(MAX_IN_FLIGHT);
    if (text == null || text.isBlank()) {
      return new ImportConfig(DEFAULT_MAX_IN_FLIGHT);
    }
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      value = 0;
    }
    if (value < 1) {
      throw new ConfigException(
          List.of(
              new ConfigProblem(
                  "environment",
                  MAX_IN_FLIGHT + ": '" + text.trim() + "' is not a whole number of at least 1")));
    }
    return new ImportConfig(value);
  }
}
