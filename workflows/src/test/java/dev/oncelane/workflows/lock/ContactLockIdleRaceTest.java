package dev.oncelane.workflows.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lock's idle exit on Temporal's test server: a request whose signal lands in the same workflow
 * task as the idle timer's firing is granted, not dropped with the run.
 *
 * <p>To make that happen every time, an interceptor holds the lock's workflow task the first time
 * its idle wait times out, until the test has delivered the request. The server then refuses the
 * task's completion (a signal arrived while it ran) and the next task carries both the timer's
 * firing and the signal, as in production when a request arrives while the timer's task runs.
 */
class ContactLockIdleRaceTest {

  private static final String LOCK_QUEUE = "contact-lock-idle-race";
  private static final String ASKER_QUEUE = "contact-lock-idle-race-asker";
  private static final String LOCK_ID = ContactLockIds.forEmail("ada@example.com");
  private static final LockSettings SETTINGS =
      new LockSettings(Duration.ofMinutes(10), 500, Duration.ofSeconds(10));

  private final IdleTimeoutHold hold = new IdleTimeoutHold();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder().setWorkerInterceptors(hold).build())
                .build());
    client = env.getWorkflowClient();
    env.newWorker(ASKER_QUEUE).registerWorkflowImplementationTypes(AskerImpl.class);
    env.newWorker(
            LOCK_QUEUE,
            // The held task blocks its workflow thread on purpose.
            WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(60_000).build())
        .registerWorkflowImplementationTypes(ContactLockWorkflowImpl.class);
    env.start();
  }

  @AfterEach
  void stop() {
    hold.release.countDown();
    env.close();
  }

  @Test
  void aRequestArrivingInTheTaskWhereTheIdleTimerFiresIsGrantedNotDropped() throws Exception {
    Asker asker = client.newWorkflowStub(Asker.class, options("generic:late", ASKER_QUEUE));
    WorkflowExecution askerRun = WorkflowClient.start(asker::awaitGrant, Duration.ofMinutes(1));
    ContactLockWorkflow lock =
        client.newWorkflowStub(ContactLockWorkflow.class, options(LOCK_ID, LOCK_QUEUE));
    WorkflowClient.start(lock::run, ContactLockState.unheld(SETTINGS));

    assertTrue(hold.reached.await(30, TimeUnit.SECONDS), "the idle timer did not fire");
    lock.request(
        new LockRequest(askerRun.getWorkflowId(), askerRun.getRunId(), "generic:late@0/1"));
    hold.release.countDown();

    assertEquals("granted generic:late@0/1", asker.awaitGrant(Duration.ofMinutes(1)));
  }

  private static WorkflowOptions options(String workflowId, String taskQueue) {
    return WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(taskQueue).build();
  }

  /** Holds the lock's workflow task, once, right after its idle wait has timed out. */
  static final class IdleTimeoutHold extends WorkerInterceptorBase {
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean used = new AtomicBoolean();

    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
      return new WorkflowInboundCallsInterceptorBase(next) {
        @Override
        public void init(WorkflowOutboundCallsInterceptor outbound) {
          super.init(
              new WorkflowOutboundCallsInterceptorBase(outbound) {
                @Override
                public boolean await(Duration timeout, String reason, Supplier<Boolean> until) {
                  boolean satisfied = super.await(timeout, reason, until);
                  if (!satisfied
                      && Workflow.getInfo().getWorkflowType().equals("ContactLock")
                      && !Workflow.isReplaying()
                      && used.compareAndSet(false, true)) {
                    reached.countDown();
                    try {
                      release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  return satisfied;
                }
              });
        }
      };
    }
  }

  /** A lock asker that only waits for its grant, for at most {@code patience}. */
  @WorkflowInterface
  public interface Asker extends LockHolder {
    @WorkflowMethod
    String awaitGrant(Duration patience);
  }

  public static class AskerImpl implements Asker {
    private LockGrant grant;

    @Override
    public String awaitGrant(Duration patience) {
      Workflow.await(patience, () -> grant != null);
      return grant == null ? "not granted" : "granted " + grant.requestId();
    }

    @Override
    public void lockGranted(LockGrant granted) {
      grant = granted;
    }
  }
}
