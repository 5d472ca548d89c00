package dev.oncelane.workers.config;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations the way operators write them: {@code 14d}, {@code 36h}, {@code 90s}, ISO. */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text, String what) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          what + ": '" + text + "' is not a duration (try 14d, 36h, 90s or PT30M)");
    }
  }

  /**
   * A moment as operators write it: an ISO-8601 instant ({@code 2026-11-30T10:00:00Z}) or an age
   * back from {@code nowMillis} ({@code 2h}, {@code 7d}, {@code PT30M}), as epoch milliseconds.
   *
   * @throws IllegalArgumentException naming {@code what} when {@code text} is neither
   */
  public static long instantOrAgo(String text, long nowMillis, String what) {
    String t = text.trim();
    try {
      return Instant.parse(t).toEpochMilli();
    } catch (DateTimeParseException notAnInstant) {
      try {
        return nowMillis - parse(t, what).toMillis();
      } catch (IllegalArgumentException notAnAge) {
        throw new IllegalArgumentException(
            what + ": '" + text + "' is neither an age (2h, 7d) nor an ISO instant");
      }
    }
  }
}
