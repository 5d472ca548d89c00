package dev.oncelane.activities.hubspot;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import okhttp3.Headers;

/**
 * The rate-limit headers of one HubSpot answer. Any of them may be missing (null); a value that is
 * not a number is treated as missing.
 *
 * @param max {@code X-HubSpot-RateLimit-Max}: requests allowed per interval
 * @param remaining {@code X-HubSpot-RateLimit-Remaining}: requests left in this interval
 * @param intervalMillis {@code X-HubSpot-RateLimit-Interval-Milliseconds}: the interval's length
 * @param daily {@code X-HubSpot-RateLimit-Daily}: requests allowed per day
 * @param dailyRemaining {@code X-HubSpot-RateLimit-Daily-Remaining}: requests left today
 * @param retryAfter {@code Retry-After} (seconds or an HTTP date), as a wait from when the answer
 *     was read
 */
public record RateLimitHeaders(
    Long max,
    Long remaining,
    Long intervalMillis,
    Long daily,
    Long dailyRemaining,
    Duration retryAfter) {

  public static final String MAX = "X-HubSpot-RateLimit-Max";
  public static final String REMAINING = "X-HubSpot-RateLimit-Remaining";
  public static final String INTERVAL_MILLIS = "X-HubSpot-RateLimit-Interval-Milliseconds";
  public static final String DAILY = "X-HubSpot-RateLimit-Daily";
  public static final String DAILY_REMAINING = "X-HubSpot-RateLimit-Daily-Remaining";
  public static final String RETRY_AFTER = "Retry-After";

  /** No headers at all. */
  public static RateLimitHeaders none() {
    return new RateLimitHeaders(null, null, null, null, null, null);
  }

  /** Reads the headers of an answer received at {@code now}. */
  public static RateLimitHeaders from(Headers headers, Instant now) {
    return new RateLimitHeaders(
        number(headers.get(MAX)),
        number(headers.get(REMAINING)),
        number(headers.get(INTERVAL_MILLIS)),
        number(headers.get(DAILY)),
        number(headers.get(DAILY_REMAINING)),
        parseRetryAfter(headers.get(RETRY_AFTER), now));
  }

  /**
   * Parses {@code Retry-After} (RFC 9110: delay-seconds or an HTTP date). A date in the past gives
   * zero; anything unreadable gives null.
   */
  public static Duration parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    Long seconds = number(v);
    if (seconds != null) {
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** True when the answer says this interval's budget is spent. */
  public boolean intervalExhausted() {
    return remaining != null && remaining <= 0;
  }

  /** True when the answer says today's budget is spent. */
  public boolean dailyExhausted() {
    return dailyRemaining != null && dailyRemaining <= 0;
  }

  private static Long number(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
