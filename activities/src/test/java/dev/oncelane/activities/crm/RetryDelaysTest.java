package dev.oncelane.activities.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.oncelane.activities.hubspot.RateLimitHeaders;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryDelaysTest {

  private static RateLimitHeaders headers(
      Long remaining, Long intervalMillis, Long dailyRemaining, Duration retryAfter) {
    return new RateLimitHeaders(
        100L, remaining, intervalMillis, 250_000L, dailyRemaining, retryAfter);
  }

  @Test
  void rateLimitHonoursRetryAfterFirst() {
    assertEquals(
        Duration.ofSeconds(3),
        RetryDelays.rateLimited(headers(0L, 10_000L, 0L, Duration.ofSeconds(3)), true, 5));
  }

  @Test
  void dailyLimitWaitsLong() {
    assertEquals(
        Duration.ofHours(1), RetryDelays.rateLimited(headers(5L, 10_000L, 10L, null), true, 1));
    assertEquals(
        Duration.ofHours(1), RetryDelays.rateLimited(headers(5L, 10_000L, 0L, null), false, 1));
  }

  @Test
  void anExhaustedIntervalWaitsTheIntervalOut() {
    assertEquals(
        Duration.ofMillis(7_500),
        RetryDelays.rateLimited(headers(0L, 7_500L, null, null), false, 4));
  }

  @Test
  void otherwiseTenSecondsPerAttemptCapped() {
    RateLimitHeaders none = RateLimitHeaders.none();
    assertEquals(Duration.ofSeconds(10), RetryDelays.rateLimited(none, false, 1));
    assertEquals(Duration.ofSeconds(30), RetryDelays.rateLimited(none, false, 3));
    assertEquals(Duration.ofMinutes(1), RetryDelays.rateLimited(none, false, 100));
    assertEquals(
        Duration.ofSeconds(20),
        RetryDelays.rateLimited(headers(3L, 10_000L, null, null), false, 2),
        "requests left in the interval: the header's interval does not apply");
    assertEquals(Duration.ofSeconds(10), RetryDelays.rateLimited(none, false, 0));
  }

  @Test
  void rateLimitIsNeverRetriedAtOnce() {
    assertEquals(
        Duration.ofSeconds(1),
        RetryDelays.rateLimited(headers(0L, 10_000L, null, Duration.ZERO), false, 1));
  }

  @Test
  void authBacksOffLongAndGrows() {
    assertEquals(Duration.ofSeconds(30), RetryDelays.auth(1));
    assertEquals(Duration.ofSeconds(90), RetryDelays.auth(3));
    assertEquals(Duration.ofMinutes(10), RetryDelays.auth(20));
    assertEquals(Duration.ofMinutes(10), RetryDelays.auth(Integer.MAX_VALUE));
  }

  @Test
  void unavailableUsesRetryAfterElseThePolicy() {
    assertEquals(
        Duration.ofSeconds(9),
        RetryDelays.unavailable(503, headers(null, null, null, Duration.ofSeconds(9))));
    assertNull(RetryDelays.unavailable(503, RateLimitHeaders.none()));
    assertEquals(Duration.ofSeconds(2), RetryDelays.unavailable(423, RateLimitHeaders.none()));
  }
}
