package dev.oncelane.activities.imports;

import dev.oncelane.workflows.sync.ContactEvent;

/**
 * One data row of an import file: the event it becomes, or why it cannot become one.
 *
 * @param line the row's line number in the file, 1-based (a CSV header is line 1)
 * @param processingId the event's processing id, {@code import:<key>}; null for an invalid row
 * @param event the event, its acceptedAt fixed when the file was read; null for an invalid row
 * @param problem why the row is invalid, e.g. {@code "bad email 'bob@'"}; null for a valid row
 * @param raw the row as it stands in the file, for the result file: the JSON line; for CSV, the
 *     header and the record as two CSV records, so the row can be written out alone
 */
public record ImportRow(
    int line, String processingId, ContactEvent event, String problem, String raw) {

  /** A row that becomes {@code event}. */
  public static ImportRow valid(int line, ContactEvent event, String raw) {
    return new ImportRow(line, event.processingId(), event, null, raw);
  }

  /** A row refused before the lane, for {@code problem}. */
  public static ImportRow invalid(int line, String problem, String raw) {
    return new ImportRow(line, null, null, problem, raw);
  }

  public boolean isValid() {
    return problem == null;
  }
}
