package dev.oncelane.workers.imports;

/** Why one row cannot become an event; the row is stored as invalid with this sentence. */
final class RowProblem extends RuntimeException {

  RowProblem(String problem) {
    super(problem, null, false, false);
  }
}
