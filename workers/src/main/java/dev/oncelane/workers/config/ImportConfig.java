package dev.oncelane.workers.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How imports are paced, from the environment.
 *
 * @param maxInFlight {@value #MAX_IN_FLIGHT}: the most of one import's events unsettled at once
 *     (started and not yet completed, failed or in review), default {@value
 *     #DEFAULT_MAX_IN_FLIGHT}; the import workflow's default when its request names none, and
 *     {@code oncelane import}'s default for {@code --max-in-flight}
 * @param workflowTaskSlots {@value #WORKFLOW_TASK_SLOTS}: the most workflow tasks of the import
 *     task queue one worker runs at once, default {@value #DEFAULT_WORKFLOW_TASK_SLOTS}, at least 2
 *     (the SDK's minimum: one for the sticky queue, one for the shared one)
 * @param activitySlots {@value #ACTIVITY_SLOTS}: the most activities of the import task queue one
 *     worker runs at once, default {@value #DEFAULT_ACTIVITY_SLOTS}, at least 1
 */
public record ImportConfig(int maxInFlight, int workflowTaskSlots, int activitySlots) {

  public static final String MAX_IN_FLIGHT = "ONCELANE_IMPORT_MAX_IN_FLIGHT";
  public static final String WORKFLOW_TASK_SLOTS = "ONCELANE_IMPORT_WORKFLOW_TASK_SLOTS";
  public static final String ACTIVITY_SLOTS = "ONCELANE_IMPORT_ACTIVITY_SLOTS";

  /** The most import rows waiting for a CRM batch, a lock or the ledger at once, per import. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 50;

  /**
   * Import rows' workflow tasks run two at a time per worker, beside the live queue's 200: import
   * rows use what live events leave.
   */
  public static final int DEFAULT_WORKFLOW_TASK_SLOTS = 2;

  /**
   * Import rows' activities mostly wait in a CRM batch or for the budget, so they take little of
   * the worker; 20 lets a batch carry 20 import inputs at once.
   */
  public static final int DEFAULT_ACTIVITY_SLOTS = 20;

  /**
   * Reads {@value #MAX_IN_FLIGHT}, {@value #WORKFLOW_TASK_SLOTS} and {@value #ACTIVITY_SLOTS}.
   *
   * @throws ConfigException listing every one that is not a whole number in range
   */
  public static ImportConfig fromEnv(Map<String, String> env) {
    List<ConfigProblem> problems = new ArrayList<>();
    int maxInFlight = read(env, MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT, 1, problems);
    int workflowTaskSlots =
        read(env, WORKFLOW_TASK_SLOTS, DEFAULT_WORKFLOW_TASK_SLOTS, 2, problems);
    int activitySlots = read(env, ACTIVITY_SLOTS, DEFAULT_ACTIVITY_SLOTS, 1, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ImportConfig(maxInFlight, workflowTaskSlots, activitySlots);
  }

  private static int read(
      Map<String, String> env, String name, int fallback, int least, List<ConfigProblem> problems) {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      value = least - 1;
    }
    if (value < least) {
      problems.add(
          new ConfigProblem(
              "environment",
              name + ": '" + text.trim() + "' is not a whole number of at least " + least));
    }
    return value;
  }
}
