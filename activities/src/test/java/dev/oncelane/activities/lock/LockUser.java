package dev.oncelane.activities.lock;

import dev.oncelane.workflows.lock.ContactLock;
import dev.oncelane.workflows.lock.LockSettings;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A test workflow that holds a contact's lock until told to finish, then ends as {@link Ending}.
 */
@WorkflowInterface
public interface LockUser {

  enum Ending {
    /** Returns normally. */
    RETURN,
    /** Fails with a non-retryable failure from inside the locked section. */
    FAIL,
    /** A bug: acquires and never releases. */
    NEVER_RELEASE
  }

  @WorkflowMethod
  String use(String email, Ending ending);

  @SignalMethod
  void finish();

  /** The implementation; the lock settings come from the worker's factory. */
  final class Impl implements LockUser {

    private final LockSettings settings;
    private boolean finish;

    public Impl(LockSettings settings) {
      this.settings = settings;
    }

    @Override
    public String use(String email, Ending ending) {
      ContactLock lock = ContactLock.forThisRun(settings);
      if (ending == Ending.NEVER_RELEASE) {
        lock.acquire(email);
        Workflow.await(() -> finish);
        return "kept";
      }
      return lock.holding(
          email,
          () -> {
            Workflow.await(() -> finish);
            if (ending == Ending.FAIL) {
              throw ApplicationFailure.newNonRetryableFailure("failed while holding", "Boom");
            }
            return "done";
          });
    }

    @Override
    public void finish() {
      finish = true;
    }
  }
}
