package dev.oncelane.workflows.lock;

import io.temporal.workflow.Workflow;

/**
 * The change ids of {@code Workflow.getVersion} patches in the lock's two sides, {@link
 * ContactLockWorkflowImpl} and the lane's client {@link ContactLock}, named like the lane's ({@code
 * sync/LaneChanges}): a run that began before an edit keeps the old behaviour ({@link
 * Workflow#DEFAULT_VERSION}) so its history still replays.
 */
final class LockChanges {

  /**
   * A request whose signal lands in the same workflow task as the idle timer's firing is granted;
   * before, the run completed and dropped it (its asker waited for its lease, then asked again).
   * Asked only on that path, so every history without the race replays with no marker.
   */
  static final String IDLE_RACE = "lock-idle-race-v1";

  /**
   * A lock request ends on every path. In {@link ContactLock}: a run whose wait for the grant ends
   * in a failure (cancelled while waiting) withdraws its request, and a release whose lock workflow
   * is gone counts as released; before, the request stayed queued (the contact's next events waited
   * for its lease) and the release failed the run. In {@link ContactLockWorkflowImpl}: a grant
   * whose asker's run is gone is skipped and the next waiter granted; before, the failed signal
   * failed the lock. Asked only on those failure paths, so every other history replays with no
   * marker.
   */
  static final String RELEASE_EVERY_PATH = "lock-release-every-path-v1";

  private LockChanges() {}

  /** Whether this run takes the path of {@code changeId} (version 1) or the one before it. */
  static boolean applies(String changeId) {
    return Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) == 1;
  }
}
