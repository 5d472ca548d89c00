package dev.oncelane.workers.imports;

import dev.oncelane.relay.sources.SourceConfig;
import java.time.Instant;

/**
 * How {@link ImportFile#read} turns a file's rows into events. Build one with {@link
 * #submittedAt(long)}.
 *
 * @param name the import's name, part of every hashed row key and of the import id; null for the
 *     file name without its extension. Letters, digits, {@code .}, {@code _} and {@code -}.
 * @param keyColumn the column (JSONL: field) holding each row's idempotency key, or null to key a
 *     row by a hash of the name and the row's event
 * @param timeColumn the column holding each row's event time (ISO-8601 with offset, or epoch
 *     milliseconds), or null for {@code fileTime}
 * @param fileTime the event time of rows without their own; null for the file's last-modified time
 * @param source the source whose mapping reads each row ({@code expressions} or {@code
 *     standard-webhooks} preset), or null for the default mapping (column {@code email} is the
 *     email, every other column a property)
 * @param submittedAtMillis when the import is submitted, epoch milliseconds: a row's acceptedAt is
 *     this plus its line number
 */
public record ImportFileOptions(
    String name,
    String keyColumn,
    String timeColumn,
    Instant fileTime,
    SourceConfig source,
    long submittedAtMillis) {

  /** Default options for an import submitted at {@code epochMillis}. */
  public static ImportFileOptions submittedAt(long epochMillis) {
    return new ImportFileOptions(null, null, null, null, null, epochMillis);
  }

  public ImportFileOptions withName(String name) {
    return new ImportFileOptions(name, keyColumn, timeColumn, fileTime, source, submittedAtMillis);
  }

  public ImportFileOptions withKeyColumn(String keyColumn) {
    return new ImportFileOptions(name, keyColumn, timeColumn, fileTime, source, submittedAtMillis);
  }

  public ImportFileOptions withTimeColumn(String timeColumn) {
    return new ImportFileOptions(name, keyColumn, timeColumn, fileTime, source, submittedAtMillis);
  }

  public ImportFileOptions withFileTime(Instant fileTime) {
    return new ImportFileOptions(name, keyColumn, timeColumn, fileTime, source, submittedAtMillis);
  }

  public ImportFileOptions withSource(SourceConfig source) {
    return new ImportFileOptions(name, keyColumn, timeColumn, fileTime, source, submittedAtMillis);
  }
}
