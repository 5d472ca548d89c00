package dev.oncelane.workflows.lock;

import io.temporal.workflow.Workflow;

/**
 * The change ids of {@code Workflow.getVersion} patches in {@link ContactLockWorkflowImpl}, named
 * like the lane's ({@code sync/LaneChanges}): a run that began before an edit keeps the old
 * behaviour ({@link Workflow#DEFAULT_VERSION}) so its history still replays.
 */
final class LockChanges {

  /**
   * A request whose signal lands in the same workflow task as the idle timer's firing is granted;
   * before, the run completed and dropped it (its asker waited for its lease, then asked again).
   * Asked only on that path, so every history without the race replays with no marker.
   */
  static final String IDLE_RACE = "lock-idle-race-v1";

  private LockChanges() {}

  /** Whether this run takes the path of {@code changeId} (version 1) or the one before it. */
  static boolean applies(String changeId) {
    return Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) == 1;
  }
}
