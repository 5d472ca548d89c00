package dev.oncelane.workflows.budget;

/**
 * How a CRM budget of {@code budgetPer10s} requests per rolling 10 s becomes permits: the rate the
 * permit task queue is limited to, what each permit is worth, and how many are kept outstanding.
 *
 * <p>The bound. A permit's requests are sent within {@code validMillis} of its start, so the
 * requests in any rolling 10 s window come from permits started within {@code 10 s + validity}. The
 * server's token bucket lets at most {@code rate × (10 + validity) + burst} permits start in such a
 * span, where the burst is one second of the rate, at least one token, per task queue partition
 * (Temporal's matching service splits a queue's rate over its partitions, 4 by default). So {@code
 * requestsPerPermit × (rate × (10 + validity) + burst)} must stay under the budget; the plan keeps
 * it under {@value #SAFETY_PERCENT} % of it, leaving room for clock skew between the workers and
 * HubSpot and for requests that arrive at HubSpot a little after they are sent.
 *
 * @param budgetPer10s the budget this plan serves, requests per rolling 10 s
 * @param permitsPerSecond the permit task queue's rate limit
 * @param requestsPerPermit requests one permit is worth (1 to {@value #MAX_REQUESTS_PER_PERMIT})
 * @param validMillis how long after it starts a permit's requests may be sent
 * @param idleWaitMillis how long a permit waits for a worker that wants no request
 * @param outstandingPermits permits the workflow keeps scheduled at once
 * @param permitsPerRun permits per workflow run before it continues as new
 */
public record CrmBudgetPlan(
    int budgetPer10s,
    double permitsPerSecond,
    int requestsPerPermit,
    long validMillis,
    long idleWaitMillis,
    int outstandingPermits,
    int permitsPerRun) {

  /** Share of the budget the plan may use in the worst 10 s window. */
  public static final int SAFETY_PERCENT = 90;

  /**
   * At most this many requests per permit: fewer permit activities for Temporal to run (at 190 per
   * 10 s about 2.7 permits/s instead of 14), while a permit that lands on a worker with little to
   * send wastes little.
   */
  public static final int MAX_REQUESTS_PER_PERMIT = 5;

  /** A permit's requests go within 1 s of its start. */
  public static final long VALID_MILLIS = 1_000;

  /** A worker with nothing to send gives the permit back after 250 ms. */
  public static final long IDLE_WAIT_MILLIS = 250;

  /** Partitions Temporal gives a task queue by default, each with its own burst. */
  public static final int ASSUMED_PARTITIONS = 4;

  /** Permits per run: about 6 history events each, so a run stays near 3,000 events. */
  public static final int PERMITS_PER_RUN = 500;

  /** The smallest budget a plan can keep (below it the burst alone would exceed it). */
  public static final int MIN_BUDGET_PER_10S = 10;

  /**
   * The plan for a budget.
   *
   * @param budgetPer10s requests per rolling 10 s, at least {@value #MIN_BUDGET_PER_10S}
   * @throws IllegalArgumentException for a smaller budget
   */
  public static CrmBudgetPlan forBudget(int budgetPer10s) {
    if (budgetPer10s < MIN_BUDGET_PER_10S) {
      throw new IllegalArgumentException(
          "a CRM budget needs at least "
              + MIN_BUDGET_PER_10S
              + " requests per 10 s (0 turns it off), got "
              + budgetPer10s);
    }
    double usable = budgetPer10s * SAFETY_PERCENT / 100.0;
    int perPermit = (int) Math.max(1, Math.min(MAX_REQUESTS_PER_PERMIT, Math.floor(usable / 30)));
    double span = 10 + VALID_MILLIS / 1000.0;
    double rate = 0;
    int burst = ASSUMED_PARTITIONS;
    for (int round = 0; round < 5; round++) {
      rate = (usable / perPermit - burst) / span;
      burst = burst(rate);
    }
    // The burst is a step function of the rate: settle on a rate whose own burst fits.
    while (perPermit * (rate * span + burst(rate)) > usable) {
      rate *= 0.98;
    }
    int outstanding = (int) Math.max(2, Math.ceil(rate * (VALID_MILLIS / 1000.0 + 1)));
    return new CrmBudgetPlan(
        budgetPer10s,
        rate,
        perPermit,
        VALID_MILLIS,
        IDLE_WAIT_MILLIS,
        outstanding,
        PERMITS_PER_RUN);
  }

  /** The most requests this plan lets out in any rolling 10 s window. */
  public double worstRequestsPer10s() {
    return requestsPerPermit
        * (permitsPerSecond * (10 + validMillis / 1000.0) + burst(permitsPerSecond));
  }

  /** What each permit activity is given. */
  public CrmPermit permit() {
    return new CrmPermit(requestsPerPermit, validMillis, idleWaitMillis);
  }

  /** One second of the rate per partition, at least one token each. */
  static int burst(double rate) {
    return ASSUMED_PARTITIONS * (int) Math.max(1, Math.ceil(rate / ASSUMED_PARTITIONS));
  }
}
