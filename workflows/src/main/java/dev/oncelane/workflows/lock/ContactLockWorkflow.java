package dev.oncelane.workflows.lock;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One contact's lock (Temporal's mutex pattern, as in samples-java {@code mutex}): requests arrive
 * as signals, by signal-with-start from {@link ContactLockActivities#requestLock}; the lock grants
 * them one at a time in arrival order by signalling the holder ({@link LockHolder#lockGranted}),
 * and moves on when the holder releases or its lease ends. Id: {@link ContactLockIds#forEmail}.
 */
@WorkflowInterface
public interface ContactLockWorkflow {

  String REQUEST_SIGNAL = "requestLock";
  String RELEASE_SIGNAL = "releaseLock";

  /** Runs until the lock has been idle for {@link LockSettings#idleLinger()}. */
  @WorkflowMethod(name = "ContactLock")
  void run(ContactLockState state);

  /** Queues {@code request}; a request already holding, waiting or just released is ignored. */
  @SignalMethod(name = REQUEST_SIGNAL)
  void request(LockRequest request);

  /** Ends {@code request}'s hold, or withdraws it from the queue; unknown requests are ignored. */
  @SignalMethod(name = RELEASE_SIGNAL)
  void release(LockRequest request);

  /** The holder and the waiters now. */
  @QueryMethod
  ContactLockState state();
}
