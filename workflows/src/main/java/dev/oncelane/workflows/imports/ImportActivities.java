package dev.oncelane.workflows.imports;

import io.temporal.activity.ActivityInterface;

/**
 * The import workflow's one activity: starting rows, paced by the ledger. Its implementation
 * ({@code activities/…/imports/ImportActivitiesImpl}) reads the rows and the import's unsettled
 * events from the ledger and starts each row's {@code ContactSyncWorkflow}. Activity type: {@code
 * ImportFeed}.
 */
@ActivityInterface(namePrefix = "Import")
public interface ImportActivities {

  /** The failure type of a feed for an import the ledger does not have (not retried). */
  String UNKNOWN_IMPORT = "UnknownImport";

  /**
   * Starts the import's valid rows after {@code afterLine}, in line order, while fewer than {@code
   * maxInFlight} of its events are unsettled, waiting (polling the ledger about once a second) for
   * room when there is none. Heartbeats its progress after every row; a retry resumes from the last
   * heartbeat, and a row started again is answered as a duplicate by Temporal, never run twice.
   * Returns after about a minute, or as soon as every row is started.
   *
   * @param importId the stored import
   * @param afterLine the last line fed by earlier calls
   * @param maxInFlight the most unsettled events; 0 or less for the worker's default
   * @return what this call fed; {@link ImportFeedRound#done()} once no row is left
   * @throws io.temporal.failure.ApplicationFailure non-retryable, type {@value #UNKNOWN_IMPORT},
   *     when the ledger has no such import
   */
  ImportFeedRound feed(String importId, int afterLine, int maxInFlight);
}
