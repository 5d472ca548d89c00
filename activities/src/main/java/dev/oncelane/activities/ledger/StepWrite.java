package dev.oncelane.activities.ledger;

import java.util.Optional;

/**
 * What {@link JdbcLedger#record} did with one step.
 *
 * @param seq the number the step is recorded under: its own, or the next free one for a rewrite
 * @param before the event's row as it stood before the step; null when nothing was written (the
 *     step was already recorded), so a caller counting steps counts each once
 * @param rewrites for a rewrite, the number of the step it rewrote; else null
 */
public record StepWrite(int seq, LedgerRow before, Integer rewrites) {

  /** The row before the step, when this call wrote it. */
  public Optional<LedgerRow> written() {
    return Optional.ofNullable(before);
  }
}
