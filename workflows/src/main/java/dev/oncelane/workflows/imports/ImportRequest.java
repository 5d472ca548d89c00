package dev.oncelane.workflows.imports;

/**
 * What the import workflow feeds.
 *
 * @param importId the stored import, e.g. {@code trade-show-3f9a0c1b2d4e}
 * @param maxInFlight the most of this import's events unsettled at once (started and not yet
 *     completed, failed or in review), e.g. 50
 * @param afterLine the last line already fed; 0 at the start, carried over continue-as-new
 */
public record ImportRequest(String importId, int maxInFlight, int afterLine) {

  /** A feed from the first row. */
  public static ImportRequest begin(String importId, int maxInFlight) {
    return new ImportRequest(importId, maxInFlight, 0);
  }
}
