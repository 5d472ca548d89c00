package dev.oncelane.activities.crm;

import dev.oncelane.activities.hubspot.RateLimitHeaders;
import java.time.Duration;

/**
 * The next-retry delays the CRM activities choose themselves, instead of the activity retry
 * policy's exponential backoff. Pure functions of the answer and the attempt number (from 1).
 */
public final class RetryDelays {

  /**
   * After a rolling-window 429 that says nothing better: this times the attempt (as HubSpot's Node
   * client).
   */
  static final Duration RATE_LIMIT_STEP = Duration.ofSeconds(10);

  /** The stepped 429 delay stops growing here, the lane's longest ordinary backoff. */
  static final Duration RATE_LIMIT_CAP = Duration.ofMinutes(1);

  /** After a 429 for the daily limit: nothing will pass for a long while. */
  static final Duration DAILY_LIMIT_WAIT = Duration.ofHours(1);

  /** A 429 is never retried sooner than this, even if a header says 0. */
  static final Duration RATE_LIMIT_FLOOR = Duration.ofSeconds(1);

  /** After 401/403: this times the attempt, so a bad token pauses the lane without hammering. */
  static final Duration AUTH_STEP = Duration.ofSeconds(30);

  static final Duration AUTH_CAP = Duration.ofMinutes(10);

  /** After the shared budget held a request back: this times the attempt. */
  static final Duration BUDGET_WAIT_STEP = Duration.ofSeconds(2);

  static final Duration BUDGET_WAIT_CAP = Duration.ofSeconds(30);

  /** HubSpot asks callers to wait at least 2 s after 423 Locked. */
  static final Duration LOCKED_WAIT = Duration.ofSeconds(2);

  private RetryDelays() {}

  /**
   * The wait after a 429, first rule that applies: {@code Retry-After}; the daily limit ({@code
   * policyName} DAILY or no daily requests left) → {@link #DAILY_LIMIT_WAIT}; no requests left in
   * the interval → the interval's length; else {@link #RATE_LIMIT_STEP} × attempt, capped at {@link
   * #RATE_LIMIT_CAP}. Never below {@link #RATE_LIMIT_FLOOR}.
   */
  public static Duration rateLimited(RateLimitHeaders headers, boolean dailyPolicy, int attempt) {
    Duration delay;
    if (headers.retryAfter() != null) {
      delay = headers.retryAfter();
    } else if (dailyPolicy || headers.dailyExhausted()) {
      delay = DAILY_LIMIT_WAIT;
    } else if (headers.intervalExhausted() && headers.intervalMillis() != null) {
      delay = Duration.ofMillis(headers.intervalMillis());
    } else {
      delay = stepped(RATE_LIMIT_STEP, attempt, RATE_LIMIT_CAP);
    }
    return delay.compareTo(RATE_LIMIT_FLOOR) < 0 ? RATE_LIMIT_FLOOR : delay;
  }

  /**
   * The wait after the shared request budget held a request back past its bound: {@link
   * #BUDGET_WAIT_STEP} × attempt, capped at {@link #BUDGET_WAIT_CAP}. Short, because nothing was
   * refused by the CRM: the request only queued behind others while the budget was spent.
   */
  public static Duration budgetWait(int attempt) {
    return stepped(BUDGET_WAIT_STEP, attempt, BUDGET_WAIT_CAP);
  }

  /** The wait after 401/403: {@link #AUTH_STEP} × attempt, capped at {@link #AUTH_CAP}. */
  public static Duration auth(int attempt) {
    return stepped(AUTH_STEP, attempt, AUTH_CAP);
  }

  /**
   * The wait after a 5xx, 423 or 477: {@code Retry-After} when given, else at least {@link
   * #LOCKED_WAIT} for 423, else null (the retry policy's exponential backoff).
   */
  public static Duration unavailable(int httpStatus, RateLimitHeaders headers) {
    if (headers.retryAfter() != null) {
      return headers.retryAfter();
    }
    return httpStatus == 423 ? LOCKED_WAIT : null;
  }

  private static Duration stepped(Duration step, int attempt, Duration cap) {
    Duration d = step.multipliedBy(Math.max(1, attempt));
    return d.compareTo(cap) > 0 ? cap : d;
  }
}
