package dev.oncelane.activities.crm.batch;

import dev.oncelane.activities.hubspot.HubSpotClient;
import java.time.Duration;

/**
 * How the {@link CrmBatcher} coalesces requests.
 *
 * @param batching true to coalesce lookups by email, creates and updates into batch calls; false to
 *     send each request as its own call (still one request of the budget each)
 * @param window how long the oldest waiting request waits for others before its batch may go (e.g.
 *     200 ms); a batch never goes before the budget grants a request
 * @param maxInputs most inputs per batch call, 1 to {@value HubSpotClient#MAX_BATCH_INPUTS}; a kind
 *     with this many waiting goes without waiting out the window
 * @param maxWait the longest a request waits to be sent; past it the request fails as rate limited
 *     ({@link dev.oncelane.activities.crm.CrmBudgetWaitExceeded}) with nothing sent. Keep it plus
 *     the HTTP call timeout under the CRM activity's start-to-close timeout
 * @param concurrentRequests most HTTP requests in flight at once
 */
public record CrmBatchConfig(
    boolean batching, Duration window, int maxInputs, Duration maxWait, int concurrentRequests) {

  public static final Duration DEFAULT_WINDOW = Duration.ofMillis(200);
  public static final int DEFAULT_MAX_INPUTS = HubSpotClient.MAX_BATCH_INPUTS;

  /**
   * 10 s: with the HTTP client's 20 s call timeout, a request that waited its longest still ends
   * within the CRM activity's 30 s start-to-close timeout, so it fails with a typed, retryable
   * failure instead of being cut off by Temporal.
   */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

  public static final int DEFAULT_CONCURRENT_REQUESTS = 8;

  public CrmBatchConfig {
    if (window == null || window.isNegative()) {
      throw new IllegalArgumentException("the batch window must be zero or more, got " + window);
    }
    if (maxInputs < 1 || maxInputs > HubSpotClient.MAX_BATCH_INPUTS) {
      throw new IllegalArgumentException(
          "a batch holds 1 to " + HubSpotClient.MAX_BATCH_INPUTS + " inputs, got " + maxInputs);
    }
    if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("the longest wait must be positive, got " + maxWait);
    }
    if (concurrentRequests < 1) {
      throw new IllegalArgumentException(
          "at least one request in flight, got " + concurrentRequests);
    }
  }

  /** Batching on, with the defaults above. */
  public static CrmBatchConfig defaults() {
    return new CrmBatchConfig(
        true, DEFAULT_WINDOW, DEFAULT_MAX_INPUTS, DEFAULT_MAX_WAIT, DEFAULT_CONCURRENT_REQUESTS);
  }

  public CrmBatchConfig withBatching(boolean on) {
    return new CrmBatchConfig(on, window, maxInputs, maxWait, concurrentRequests);
  }

  public CrmBatchConfig withWindow(Duration w) {
    return new CrmBatchConfig(batching, w, maxInputs, maxWait, concurrentRequests);
  }

  public CrmBatchConfig withMaxInputs(int n) {
    return new CrmBatchConfig(batching, window, n, maxWait, concurrentRequests);
  }

  public CrmBatchConfig withMaxWait(Duration w) {
    return new CrmBatchConfig(batching, window, maxInputs, w, concurrentRequests);
  }
}
