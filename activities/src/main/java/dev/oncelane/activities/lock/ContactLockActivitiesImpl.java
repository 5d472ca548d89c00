package dev.oncelane.activities.lock;

import dev.oncelane.workflows.lock.ContactLockActivities;
import dev.oncelane.workflows.lock.ContactLockState;
import dev.oncelane.workflows.lock.ContactLockWorkflow;
import dev.oncelane.workflows.lock.LockRequest;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends a lock request with signal-with-start, on the calling workflow's task queue (the lock runs
 * wherever its holders run) or on a fixed one. Register it with the lane's worker (used as a local
 * activity, see {@link dev.oncelane.workflows.policy.LanePolicies#LOCK_REQUEST}).
 */
public final class ContactLockActivitiesImpl implements ContactLockActivities {

  private final WorkflowClient client;
  private final Optional<String> lockTaskQueue;

  /** Locks start on the calling workflow's task queue. */
  public ContactLockActivitiesImpl(WorkflowClient client) {
    this.client = Objects.requireNonNull(client, "client");
    this.lockTaskQueue = Optional.empty();
  }

  /**
   * Locks start on {@code lockTaskQueue} whatever queue the caller runs on: a contact's one lock
   * serves live and imported events alike, so it runs on the live lane's queue, never behind the
   * import queue's few slots.
   */
  public ContactLockActivitiesImpl(WorkflowClient client, String lockTaskQueue) {
    this.client = Objects.requireNonNull(client, "client");
    this.lockTaskQueue = Optional.of(lockTaskQueue);
  }

  @Override
  public void requestLock(String lockWorkflowId, LockRequest request, ContactLockState initial) {
    ContactLockWorkflow lock =
        client.newWorkflowStub(
            ContactLockWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(lockWorkflowId)
                .setTaskQueue(
                    lockTaskQueue.orElseGet(
                        () -> Activity.getExecutionContext().getInfo().getActivityTaskQueue()))
                // A completed lock (idle) starts again for the contact's next event.
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    BatchRequest signalWithStart = client.newSignalWithStartRequest();
    signalWithStart.add(lock::run, initial);
    signalWithStart.add(lock::request, request);
    client.signalWithStart(signalWithStart);
  }
}
