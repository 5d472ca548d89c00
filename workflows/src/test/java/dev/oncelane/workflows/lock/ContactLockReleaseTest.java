package dev.oncelane.workflows.lock;

import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workflows.sync.LockRequests;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lock request ends on every path ({@code lock-release-every-path-v1}), on Temporal's test server
 * with time skipping: a run cancelled while waiting withdraws its request, the lock skips a holder
 * whose run is gone, and a release that finds the lock gone counts as released. Without these, the
 * contact's next event waits for a 10-minute lease, or the work done under the lock fails.
 */
class ContactLockReleaseTest {

  private static final String QUEUE = "contact-lock-release";
  private static final String EMAIL = "ada@example.com";
  private static final String LOCK_ID = ContactLockIds.forEmail(EMAIL);
  private static final Duration HOLD = Duration.ofSeconds(30);
  private static final LockSettings SETTINGS = LockSettings.defaults();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(
        WriterImpl.class, ContactLockIdleRaceTest.AskerImpl.class, ContactLockWorkflowImpl.class);
    worker.registerActivitiesImplementations(new LockRequests(client));
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aRunCancelledWhileWaitingWithdrawsItsRequestSoTheContactsNextEventGetsTheLockPromptly() {
    Writer first = writer("generic:first");
    WorkflowClient.start(first::write, EMAIL, HOLD);
    await("first holds the lock", () -> holderIs("generic:first"));

    Writer cancelled = writer("generic:cancelled");
    WorkflowClient.start(cancelled::write, EMAIL, HOLD);
    await("the second waits", () -> isWaiting("generic:cancelled"));
    WorkflowStub.fromTyped(cancelled).cancel();

    Writer next = writer("generic:next");
    WorkflowClient.start(next::write, EMAIL, HOLD);

    long firstGrantedAt = first.write(EMAIL, HOLD);
    long nextGrantedAt = next.write(EMAIL, HOLD);
    Duration afterFirst = Duration.ofMillis(nextGrantedAt - firstGrantedAt);
    assertTrue(
        afterFirst.compareTo(HOLD.plusSeconds(5)) < 0,
        "the next event got the lock "
            + afterFirst
            + " after the first (which held it "
            + HOLD
            + "), not at the end of the cancelled run's lease");
  }

  @Test
  void aGrantToAHolderWhoseRunHasEndedIsSkippedAndTheNextWaiterGetsTheLock() {
    ContactLockIdleRaceTest.Asker goneAsker = asker("generic:gone");
    WorkflowExecution gone = WorkflowClient.start(goneAsker::awaitGrant, Duration.ofSeconds(1));
    assertEquals("not granted", goneAsker.awaitGrant(Duration.ofSeconds(1)));
    ContactLockIdleRaceTest.Asker nextAsker = asker("generic:next");
    WorkflowExecution next = WorkflowClient.start(nextAsker::awaitGrant, Duration.ofMinutes(1));

    ContactLockWorkflow lock = lock();
    WorkflowClient.start(
        lock::run,
        new ContactLockState(
            SETTINGS,
            null,
            0,
            List.of(request(gone, "generic:gone@0/1"), request(next, "generic:next@0/1")),
            List.of()));

    assertEquals("granted generic:next@0/1", nextAsker.awaitGrant(Duration.ofMinutes(1)));
    // Not the holder: once the next asker has ended, time skipping may run its lease out at once.
    assertTrue(
        Set.of(WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_COMPLETED)
            .contains(client.newUntypedWorkflowStub(LOCK_ID).describe().getStatus()),
        "the lock workflow did not fail on the gone holder");
  }

  @Test
  void aReleaseAfterTheLockWorkflowHasEndedDoesNotFailTheWorkDoneUnderTheLock() {
    Writer writer = writer("generic:evt-1");
    WorkflowClient.start(writer::write, EMAIL, HOLD);
    await("the writer holds the lock", () -> holderIs("generic:evt-1"));

    client.newUntypedWorkflowStub(LOCK_ID).terminate("an operator ended the lock");
    writer.finish();

    assertTrue(writer.write(EMAIL, HOLD) > 0, "the write under the lock succeeded");
  }

  private boolean holderIs(String workflowId) {
    ContactLockState state = lockState();
    return state != null
        && state.holder() != null
        && state.holder().holderWorkflowId().equals(workflowId);
  }

  private boolean isWaiting(String workflowId) {
    ContactLockState state = lockState();
    return state != null
        && state.waiters().stream().anyMatch(w -> w.holderWorkflowId().equals(workflowId));
  }

  private ContactLockState lockState() {
    try {
      return client.newWorkflowStub(ContactLockWorkflow.class, LOCK_ID).state();
    } catch (RuntimeException notStartedYet) {
      return null;
    }
  }

  /** Waits for {@code condition}, up to 10 s of wall-clock time. */
  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what, e);
      }
    }
  }

  private ContactLockWorkflow lock() {
    return client.newWorkflowStub(ContactLockWorkflow.class, options(LOCK_ID));
  }

  private Writer writer(String workflowId) {
    return client.newWorkflowStub(Writer.class, options(workflowId));
  }

  private ContactLockIdleRaceTest.Asker asker(String workflowId) {
    return client.newWorkflowStub(ContactLockIdleRaceTest.Asker.class, options(workflowId));
  }

  private static LockRequest request(WorkflowExecution run, String requestId) {
    return new LockRequest(run.getWorkflowId(), run.getRunId(), requestId);
  }

  private static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(QUEUE).build();
  }

  /**
   * Writes under the contact's lock as the lane does, holding it for {@code hold} or until {@link
   * #finish}.
   */
  @WorkflowInterface
  public interface Writer {
    /** Returns when the lock was granted, epoch ms of workflow time. */
    @WorkflowMethod
    long write(String email, Duration hold);

    @SignalMethod
    void finish();
  }

  public static class WriterImpl implements Writer {
    private boolean finished;

    @Override
    public void finish() {
      finished = true;
    }

    @Override
    public long write(String email, Duration hold) {
      ContactLock lock = ContactLock.forThisRun(SETTINGS);
      try {
        return lock.holding(
            email,
            () -> {
              long grantedAt = Workflow.currentTimeMillis();
              Workflow.await(hold, () -> finished);
              return grantedAt;
            });
      } catch (CanceledFailure cancelled) {
        // Like the lane's bookkeeping after a cancellation, which may take a while (a ledger
        // write retried): the run stays open, so a grant sent to it is taken and never released.
        Workflow.newDetachedCancellationScope(() -> Workflow.sleep(Duration.ofHours(1))).run();
        throw cancelled;
      }
    }
  }
}
