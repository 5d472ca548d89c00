package dev.oncelane.workers.imports;

/**
 * A file or option that cannot be imported as a whole (an unknown key column, a header naming a
 * column twice, CSV broken beyond the row), with a sentence saying what to fix. A single bad row is
 * never this: it becomes an invalid row and the rest goes on.
 */
public final class ImportRefused extends RuntimeException {

  public ImportRefused(String message) {
    super(message);
  }
}
