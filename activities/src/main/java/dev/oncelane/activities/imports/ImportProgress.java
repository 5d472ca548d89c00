package dev.oncelane.activities.imports;

/**
 * Where an import's rows stand, counted from the ledger. Valid rows are counted once per distinct
 * processing id: a row repeated in the file ({@code duplicateRows}) is the same event.
 *
 * @param importId the import
 * @param totalRows data rows in the file
 * @param invalidRows rows refused before the lane
 * @param duplicateRows valid rows whose key an earlier line of the file already had
 * @param pending events not in the ledger yet (not started, or started and not yet begun)
 * @param processing events the lane is working on
 * @param completed events settled with their values written or already present ({@code completed},
 *     {@code resolved_after_409}, {@code skipped_stale})
 * @param inReview events waiting for an operator ({@code manual_review})
 * @param failed events that ended {@code failed}
 * @param discarded events an operator discarded
 * @param refused events whose start was refused for good (too large, their key already ran with
 *     other values): never run, listed in the result file
 */
public record ImportProgress(
    String importId,
    int totalRows,
    int invalidRows,
    int duplicateRows,
    int pending,
    int processing,
    int completed,
    int inReview,
    int failed,
    int discarded,
    int refused) {

  /** Distinct events the import holds. */
  public int events() {
    return pending + processing + completed + inReview + failed + discarded + refused;
  }

  /** Events nothing more will happen to without an operator. */
  public int settled() {
    return completed + inReview + failed + discarded + refused;
  }

  /** True when no event is pending or processing: the rest waits for a person or is done. */
  public boolean isFinished() {
    return pending == 0 && processing == 0;
  }
}
