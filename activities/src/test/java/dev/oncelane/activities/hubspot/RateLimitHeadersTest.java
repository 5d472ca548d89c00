package dev.oncelane.activities.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void readsEveryHeader() {
    Headers h =
        Headers.of(
            "X-HubSpot-RateLimit-Max", "100",
            "X-HubSpot-RateLimit-Remaining", "0",
            "X-HubSpot-RateLimit-Interval-Milliseconds", "10000",
            "X-HubSpot-RateLimit-Daily", "250000",
            "X-HubSpot-RateLimit-Daily-Remaining", "249000",
            "Retry-After", "7");
    RateLimitHeaders r = RateLimitHeaders.from(h, NOW);
    assertEquals(100L, r.max());
    assertEquals(0L, r.remaining());
    assertEquals(10_000L, r.intervalMillis());
    assertEquals(250_000L, r.daily());
    assertEquals(249_000L, r.dailyRemaining());
    assertEquals(Duration.ofSeconds(7), r.retryAfter());
    assertTrue(r.intervalExhausted());
    assertFalse(r.dailyExhausted());
  }

  @Test
  void missingOrGarbledHeadersAreNull() {
    RateLimitHeaders r =
        RateLimitHeaders.from(
            Headers.of("X-HubSpot-RateLimit-Remaining", "lots", "Retry-After", "soon"), NOW);
    assertEquals(new RateLimitHeaders(null, null, null, null, null, null), r);
    assertFalse(r.intervalExhausted());
    assertFalse(r.dailyExhausted());
  }

  @Test
  void retryAfterAcceptsSecondsAndHttpDates() {
    assertEquals(Duration.ofSeconds(120), RateLimitHeaders.parseRetryAfter(" 120 ", NOW));
    assertEquals(
        Duration.ofSeconds(30),
        RateLimitHeaders.parseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT", NOW));
    assertEquals(
        Duration.ZERO, RateLimitHeaders.parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", NOW));
    assertNull(RateLimitHeaders.parseRetryAfter("-5", NOW));
    assertNull(RateLimitHeaders.parseRetryAfter("", NOW));
    assertNull(RateLimitHeaders.parseRetryAfter(null, NOW));
  }
}
