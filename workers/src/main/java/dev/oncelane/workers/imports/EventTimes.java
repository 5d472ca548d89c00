package dev.oncelane.workers.imports;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads a row's event time from its time column. */
final class EventTimes {

  /**
   * 1e11 ms is March 1973; every epoch-seconds value until the year 5138 is below it, so a smaller
   * number is refused rather than read as a time in the early 1970s.
   */
  static final long SMALLEST_MILLIS = 100_000_000_000L;

  private EventTimes() {}

  /**
   * The event time in {@code text}, as the ISO-8601 text the lane reads as {@code occurredAt}.
   *
   * @param text ISO-8601 with an offset ({@code 2026-01-31T12:00:00Z}, {@code
   *     2026-01-31T13:00:00+01:00}), kept as written; or epoch milliseconds ({@code 1769860800000},
   *     at least 10^11: a smaller number looks like epoch seconds), written as an instant
   * @param column the column it came from, for the problem
   * @throws RowProblem when the text is blank, neither form, or a number below 10^11
   */
  static String parse(String text, String column) {
    if (text == null || text.isBlank()) {
      throw new RowProblem("no event time in column " + column);
    }
    String trimmed = text.trim();
    if (trimmed.chars().allMatch(Character::isDigit) && trimmed.length() <= 15) {
      long millis = Long.parseLong(trimmed);
      if (millis < SMALLEST_MILLIS) {
        // 1769860800 read as milliseconds is January 1970: an epoch-seconds column, misread.
        throw new RowProblem(
            "bad event time '"
                + trimmed
                + "' in column "
                + column
                + ": looks like epoch seconds; give milliseconds or ISO-8601");
      }
      return Instant.ofEpochMilli(millis).toString();
    }
    try {
      OffsetDateTime.parse(trimmed);
      return trimmed;
    } catch (DateTimeParseException e) {
      throw new RowProblem(
          "bad event time '"
              + trimmed
              + "' in column "
              + column
              + ": use ISO-8601 with an offset (2026-01-31T12:00:00Z) or epoch milliseconds");
    }
  }
}
