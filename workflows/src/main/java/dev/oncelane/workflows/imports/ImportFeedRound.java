package dev.oncelane.workflows.imports;

/**
 * What one {@link ImportActivities#feed} call did; also its heartbeat details, from which a retry
 * resumes.
 *
 * @param lastLine the last line started (or found already started), 0 before the first
 * @param started rows whose workflow this call started
 * @param duplicates rows whose workflow id already had a run (an earlier import of the same rows, a
 *     repeated row, or a row started again after a crash between its start and the heartbeat)
 * @param done true when no valid row is left after {@code lastLine}
 */
public record ImportFeedRound(int lastLine, int started, int duplicates, boolean done) {

  /** Nothing fed yet, from after {@code afterLine}. */
  public static ImportFeedRound from(int afterLine) {
    return new ImportFeedRound(afterLine, 0, 0, false);
  }

  /** This round after one more row, on {@code line}, was started ({@code true}) or found. */
  public ImportFeedRound fed(int line, boolean newlyStarted) {
    return new ImportFeedRound(
        line, started + (newlyStarted ? 1 : 0), duplicates + (newlyStarted ? 0 : 1), false);
  }

  /** This round, with every row fed. */
  public ImportFeedRound finished() {
    return new ImportFeedRound(lastLine, started, duplicates, true);
  }
}
