package dev.oncelane.workers.imports;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads a row's event time from its time column. */
final class EventTimes {

  private EventTimes() {}

  /**
   * The event time in {@code text}, as the ISO-8601 text the lane reads as {@code occurredAt}.
   *
   * @param text ISO-8601 with an offset ({@code 2026-01-31T12:00:00Z}, {@code
   *     2026-01-31T13:00:00+01:00}), kept as written; or epoch milliseconds ({@code
   *     1769860800000}), written as an instant
   * @param column the column it came from, for the problem
   * @throws RowProblem when the text is blank or neither form
   */
  static String parse(String text, String column) {
    if (text == null || text.isBlank()) {
      throw new RowProblem("no event time in column " + column);
    }
    String trimmed = text.trim();
    if (trimmed.chars().allMatch(Character::isDigit) && trimmed.length() <= 15) {
      return Instant.ofEpochMilli(Long.parseLong(trimmed)).toString();
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
