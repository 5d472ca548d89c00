package dev.oncelane.workers.config;

import dev.oncelane.activities.crm.batch.CrmBatchConfig;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.workflows.budget.CrmBudgetPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the worker reaches the CRM within HubSpot's limits, from the environment:
 *
 * <table>
 *   <caption>variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #BATCHING}</td><td>{@code on}</td><td>{@code off}: one call per
 *       activity, as before batching</td></tr>
 *   <tr><td>{@value #WINDOW}</td><td>{@code 200ms}</td><td>how long a batch waits for more
 *       (a duration, {@link Durations})</td></tr>
 *   <tr><td>{@value #MAX}</td><td>100</td><td>inputs per batch call, 1–100</td></tr>
 *   <tr><td>{@value #BUDGET}</td><td>190</td><td>requests per rolling 10 s shared by every
 *       worker of the namespace; 0 for none</td></tr>
 * </table>
 *
 * @param batch how the batcher coalesces
 * @param budgetPer10s the shared budget, 0 for none
 */
public record CrmThroughputConfig(CrmBatchConfig batch, int budgetPer10s) {

  public static final String BATCHING = "ONCELANE_CRM_BATCHING";
  public static final String WINDOW = "ONCELANE_CRM_BATCH_WINDOW";
  public static final String MAX = "ONCELANE_CRM_BATCH_MAX";
  public static final String BUDGET = "ONCELANE_CRM_BUDGET_PER_10S";

  /** HubSpot Professional and Enterprise: 190 requests per rolling 10 s per private app. */
  public static final int DEFAULT_BUDGET_PER_10S = 190;

  /**
   * Reads the four variables.
   *
   * @throws ConfigException listing every variable that is wrong
   */
  public static CrmThroughputConfig fromEnv(Map<String, String> env) {
    List<ConfigProblem> problems = new ArrayList<>();
    boolean batching = true;
    String on = value(env, BATCHING);
    if (on != null) {
      switch (on.toLowerCase(Locale.ROOT)) {
        case "on", "true" -> batching = true;
        case "off", "false" -> batching = false;
        default -> problems.add(problem(BATCHING + ": '" + on + "' is not on or off"));
      }
    }
    Duration window = CrmBatchConfig.DEFAULT_WINDOW;
    if (value(env, WINDOW) != null) {
      try {
        window = Durations.parse(value(env, WINDOW), WINDOW);
      } catch (IllegalArgumentException e) {
        problems.add(problem(e.getMessage()));
      }
    }
    int max = number(env, MAX, CrmBatchConfig.DEFAULT_MAX_INPUTS, problems);
    if (max < 1 || max > HubSpotClient.MAX_BATCH_INPUTS) {
      problems.add(problem(MAX + ": " + max + " is not between 1 and 100 (HubSpot's most)"));
    }
    int budget = number(env, BUDGET, DEFAULT_BUDGET_PER_10S, problems);
    if (budget != 0 && budget < CrmBudgetPlan.MIN_BUDGET_PER_10S) {
      problems.add(
          problem(
              BUDGET
                  + ": "
                  + budget
                  + " is below "
                  + CrmBudgetPlan.MIN_BUDGET_PER_10S
                  + " (0 turns the budget off)"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    CrmBatchConfig batch =
        CrmBatchConfig.defaults().withBatching(batching).withWindow(window).withMaxInputs(max);
    return new CrmThroughputConfig(batch, budget);
  }

  /** The budget's plan, or null when there is no budget. */
  public CrmBudgetPlan budgetPlan() {
    return budgetPer10s == 0 ? null : CrmBudgetPlan.forBudget(budgetPer10s);
  }

  /** True when the worker makes today's calls directly: no batching and no budget. */
  public boolean direct() {
    return !batch.batching() && budgetPer10s == 0;
  }

  private static int number(
      Map<String, String> env, String name, int fallback, List<ConfigProblem> problems) {
    String text = value(env, name);
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      problems.add(problem(name + ": '" + text + "' is not a whole number"));
      return fallback;
    }
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static ConfigProblem problem(String message) {
    return new ConfigProblem("environment", message);
  }
}
