package dev.oncelane.workflows.imports;

/**
 * What the import workflow feeds.
 *
 * @param importId the stored import, e.g. {@code trade-show-3f9a0c1b2d4e}
 * @param maxInFlight the most of this import's events unsettled at once (started and not yet
 *     completed, failed or in review), e.g. 50; 0 or less: the worker's {@code
 *     ONCELANE_IMPORT_MAX_IN_FLIGHT}
 * @param afterLine the last line already fed; 0 at the start, carried over continue-as-new
 * @param started rows started by the runs before this one (carried over continue-as-new)
 * @param duplicates rows found already started by the runs before this one (carried over
 *     continue-as-new)
 */
public record ImportRequest(
    String importId, int maxInFlight, int afterLine, int started, int duplicates) {

  /** A feed from after {@code afterLine}, nothing counted yet. */
  public ImportRequest(String importId, int maxInFlight, int afterLine) {
    this(importId, maxInFlight, afterLine, 0, 0);
  }

  /** A feed from the first row. */
  public static ImportRequest begin(String importId, int maxInFlight) {
    return new ImportRequest(importId, maxInFlight, 0, 0, 0);
  }

  /** The request the next run continues with, after this run fed {@code round}'s rows too. */
  public ImportRequest after(ImportFeedRound round) {
    return new ImportRequest(
        importId,
        maxInFlight,
        round.lastLine(),
        started + round.started(),
        duplicates + round.duplicates());
  }
}
