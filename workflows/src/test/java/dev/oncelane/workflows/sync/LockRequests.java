package dev.oncelane.workflows.sync;

import dev.oncelane.workflows.lock.ContactLockActivities;
import dev.oncelane.workflows.lock.ContactLockState;
import dev.oncelane.workflows.lock.ContactLockWorkflow;
import dev.oncelane.workflows.lock.LockRequest;
import io.temporal.activity.Activity;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;

/**
 * The lock activity for workflow tests, which cannot reach the activities module: the same
 * signal-with-start as {@code ContactLockActivitiesImpl}, through the test server's client.
 */
public final class LockRequests implements ContactLockActivities {

  private final WorkflowClient client;

  public LockRequests(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public void requestLock(String lockWorkflowId, LockRequest request, ContactLockState initial) {
    ContactLockWorkflow lock =
        client.newWorkflowStub(
            ContactLockWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(lockWorkflowId)
                .setTaskQueue(Activity.getExecutionContext().getInfo().getActivityTaskQueue())
                .build());
    BatchRequest signalWithStart = client.newSignalWithStartRequest();
    signalWithStart.add(lock::run, initial);
    signalWithStart.add(lock::request, request);
    client.signalWithStart(signalWithStart);
  }
}
