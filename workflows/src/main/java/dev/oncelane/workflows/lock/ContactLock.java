package dev.oncelane.workflows.lock;

import dev.oncelane.workflows.policy.LanePolicies;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A workflow's side of a contact's lock: {@link #acquire} asks the contact's {@link
 * ContactLockWorkflow} and waits for the grant; {@link #release} lets the next waiter in. Workflow
 * code only. Create one per run with {@link #forThisRun}; a run holds at most one contact at a
 * time.
 *
 * <p>Release on every path: wrap the work in {@link #holding} (a {@code finally} that releases even
 * when the run is being cancelled), and release before waiting for anything that is not the CRM,
 * such as an operator's decision.
 */
public final class ContactLock implements LockHolder {

  private static final Logger log = Workflow.getLogger(ContactLock.class);

  private final LockSettings settings;
  private final ContactLockActivities activities =
      Workflow.newLocalActivityStub(ContactLockActivities.class, LanePolicies.LOCK_REQUEST);

  private String lockWorkflowId;
  private LockRequest pending;
  private LockGrant grant;
  private final Map<String, LockGrant> grants = new HashMap<>();
  private int requests;

  private ContactLock(LockSettings settings) {
    this.settings = settings;
  }

  /** A lock handle for the running workflow, listening for grants. */
  public static ContactLock forThisRun(LockSettings settings) {
    ContactLock lock = new ContactLock(settings);
    Workflow.registerListener(lock);
    return lock;
  }

  /**
   * Runs {@code work} holding {@code email}'s lock and releases it afterwards, whatever happens.
   */
  public <T> T holding(String email, Supplier<T> work) {
    acquire(email);
    try {
      return work.get();
    } finally {
      release();
    }
  }

  /**
   * Waits until this run holds {@code email}'s lock. Requests are granted in arrival order. A
   * request not granted within a lease is sent again (same request id, so it keeps its place, and a
   * lock workflow that was terminated meanwhile is started again). When the wait ends in a failure
   * (the run is cancelled, or the request cannot be sent) the request is withdrawn before the
   * failure is thrown on, so the contact's next event does not wait for this run's lease.
   *
   * @throws IllegalStateException when this run already holds or waits for a lock
   * @throws io.temporal.failure.CanceledFailure when the run is cancelled while waiting
   * @throws io.temporal.failure.ActivityFailure when the request cannot be sent ({@code
   *     LanePolicies.LOCK_REQUEST}'s attempts used up)
   */
  public void acquire(String email) {
    if (pending != null) {
      throw new IllegalStateException("this run already holds or waits for " + lockWorkflowId);
    }
    lockWorkflowId = ContactLockIds.forEmail(email);
    WorkflowInfo info = Workflow.getInfo();
    // The request id must come out the same when a workflow task is retried after a worker died
    // (the lost attempt may already have sent it, and the lock granted it) and in a replayer, which
    // may run the history under another run id: so it is the workflow id, the run's start time
    // from history, and a count.
    pending =
        new LockRequest(
            info.getWorkflowId(),
            info.getRunId(),
            info.getWorkflowId() + "@" + info.getRunStartedTimestampMillis() + "/" + ++requests);
    try {
      awaitGrant(pending);
    } catch (RuntimeException failure) {
      if (LockChanges.applies(LockChanges.RELEASE_EVERY_PATH)) {
        release();
      }
      throw failure;
    }
  }

  private void awaitGrant(LockRequest request) {
    String requestId = request.requestId();
    do {
      activities.requestLock(lockWorkflowId, request, ContactLockState.unheld(settings));
    } while (!Workflow.await(settings.lease(), () -> grants.containsKey(requestId)));
    grant = grants.remove(requestId);
  }

  /**
   * Lets the next waiter in, or withdraws a request still waiting; a no-op when this run holds and
   * waits for nothing. A lock workflow that is gone (completed, terminated) holds nothing of this
   * run's: that counts as released.
   */
  public void release() {
    if (pending == null) {
      return;
    }
    LockRequest done = pending;
    pending = null;
    grant = null;
    grants.remove(done.requestId());
    // Detached: a run being cancelled must still let the next event in.
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                Workflow.newUntypedExternalWorkflowStub(lockWorkflowId)
                    .signal(ContactLockWorkflow.RELEASE_SIGNAL, done);
              } catch (RuntimeException failed) {
                if (!SignalTargetGone.is(failed)
                    || !LockChanges.applies(LockChanges.RELEASE_EVERY_PATH)) {
                  throw failed;
                }
                log.info("lock {} already gone at release", lockWorkflowId);
              }
            })
        .run();
  }

  /** True between a grant and the release. */
  public boolean isHeld() {
    return grant != null;
  }

  /**
   * Keeps every grant: one may arrive in the same workflow task as, or before, the code that asked
   * for it runs again after a retry.
   */
  @Override
  public void lockGranted(LockGrant granted) {
    grants.put(granted.requestId(), granted);
  }
}
