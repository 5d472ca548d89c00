package dev.oncelane.workflows.lock;

import io.temporal.activity.ActivityInterface;

/** The one thing a workflow cannot do itself with a lock: signal-with-start it. */
@ActivityInterface(namePrefix = "ContactLock")
public interface ContactLockActivities {

  /**
   * Signals {@code request} to the lock workflow {@code lockWorkflowId} on the calling workflow's
   * task queue, starting it with {@code initial} when it is not running. Safe to repeat: the lock
   * ignores a request it already knows.
   */
  void requestLock(String lockWorkflowId, LockRequest request, ContactLockState initial);
}
