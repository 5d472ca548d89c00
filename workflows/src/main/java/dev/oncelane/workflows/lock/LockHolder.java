package dev.oncelane.workflows.lock;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * What a lock holder's workflow listens to ({@link ContactLock} registers it with {@code
 * Workflow.registerListener}), so any workflow can hold a contact's lock without declaring it.
 */
@WorkflowInterface
public interface LockHolder {

  String GRANTED_SIGNAL = "contactLockGranted";

  @SignalMethod(name = GRANTED_SIGNAL)
  void lockGranted(LockGrant grant);
}
