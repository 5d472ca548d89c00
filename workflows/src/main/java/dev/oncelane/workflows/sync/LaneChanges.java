package dev.oncelane.workflows.sync;

import io.temporal.workflow.Workflow;

/**
 * The change ids of {@code Workflow.getVersion} patches in {@link ContactSyncWorkflowImpl}: each
 * names one edit that changes the commands a run issues. A run that began before an edit keeps the
 * old behaviour ({@link Workflow#DEFAULT_VERSION}) so its history still replays; a new run records
 * version 1 in its history and takes the new path.
 */
final class LaneChanges {

  /**
   * The lane's settings ({@code LaneSettings}: review timeout, re-lookup counts and backoff) are
   * recorded in the history once, at the start, and kept for the whole run; before, every replay
   * read them from the worker's environment again.
   */
  static final String SETTINGS_PER_RUN = "settings-per-run-v1";

  /**
   * The review wait ends on one durable timer per round, cancelled when a decision is taken; a
   * decision accepted as the deadline fires is applied, not dropped; the desk closes before the
   * expiry is written; a decision signal's {@code retry} email is checked like the Update's.
   */
  static final String DECISION_DESK = "decision-desk-v1";

  /** Refused decision signals are noted in the ledger trail; before, they were only logged. */
  static final String REFUSAL_NOTES = "decision-refusal-notes-v1";

  /**
   * A failure the lane does not handle is written to the ledger as {@code failed} (reason {@code
   * lane_error}) and fails the run; before, the ledger kept the status it had.
   */
  static final String FAIL_INTO_LEDGER = "fail-into-ledger-v1";

  /**
   * A settled key redelivered with another payload goes to review ({@code key_reused}); before, it
   * was skipped as a duplicate.
   */
  static final String KEY_REUSED = "key-reused-v1";

  /**
   * Newest wins records as written only the properties the CRM took, not those the property catalog
   * dropped from the write; before, a dropped property was recorded as this event's value although
   * the CRM never held it.
   */
  static final String RECORD_ACCEPTED_ONLY = "record-accepted-only-v1";

  private LaneChanges() {}

  /** Whether this run takes the path of {@code changeId} (version 1) or the one before it. */
  static boolean applies(String changeId) {
    return Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) == 1;
  }
}
