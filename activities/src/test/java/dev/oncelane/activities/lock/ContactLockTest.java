package dev.oncelane.activities.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.lock.LockUser.Ending;
import dev.oncelane.workflows.lock.ContactLockIds;
import dev.oncelane.workflows.lock.ContactLockState;
import dev.oncelane.workflows.lock.ContactLockWorkflow;
import dev.oncelane.workflows.lock.ContactLockWorkflowImpl;
import dev.oncelane.workflows.lock.LockHolder;
import dev.oncelane.workflows.lock.LockRequest;
import dev.oncelane.workflows.lock.LockSettings;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contact lock on Temporal's test server with the real signal-with-start activity: holders are
 * {@link LockUser} workflows, the lock's holder and queue are read with its {@code state} query.
 */
class ContactLockTest {

  private static final String TASK_QUEUE = "contact-lock-test";
  private static final String EMAIL = "ada@example.com";
  private static final LockSettings SETTINGS =
      new LockSettings(Duration.ofMinutes(1), 2, Duration.ofSeconds(10));

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    Worker worker = env.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(ContactLockWorkflowImpl.class);
    worker.registerWorkflowImplementationFactory(LockUser.class, () -> new LockUser.Impl(SETTINGS));
    worker.registerActivitiesImplementations(new ContactLockActivitiesImpl(client));
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void theLockIdNamesAHashOfTheNormalizedEmailNotTheEmail() {
    String id = ContactLockIds.forEmail(" Ada@Example.COM ");

    assertEquals(ContactLockIds.forEmail(EMAIL), id);
    assertTrue(id.matches("contact-lock:[0-9a-f]{64}"), id);
    assertFalse(id.contains("ada"));
  }

  @Test
  void waitersAreGrantedInTheOrderTheyAsked() {
    WorkflowStub a = startUser("generic:a", Ending.RETURN);
    awaitHolder("generic:a");
    WorkflowStub b = startUser("generic:b", Ending.RETURN);
    awaitWaiters("generic:b");
    WorkflowStub c = startUser("generic:c", Ending.RETURN);
    awaitWaiters("generic:b", "generic:c");

    a.signal("finish");
    awaitHolder("generic:b");
    assertEquals(List.of("generic:c"), waiterIds());
    b.signal("finish");
    awaitHolder("generic:c");
    c.signal("finish");

    assertEquals("done", c.getResult(String.class));
    assertEquals("done", a.getResult(String.class));
  }

  @Test
  void aHolderThatFailsInsideTheLockedSectionStillReleases() {
    WorkflowStub failing = startUser("generic:fails", Ending.FAIL);
    awaitHolder("generic:fails");
    WorkflowStub next = startUser("generic:next", Ending.RETURN);
    awaitWaiters("generic:next");

    failing.signal("finish");

    assertThrows(WorkflowFailedException.class, () -> failing.getResult(String.class));
    awaitHolder("generic:next");
  }

  @Test
  void aHolderCancelledWhileHoldingStillReleases() {
    WorkflowStub cancelled = startUser("generic:cancelled", Ending.RETURN);
    awaitHolder("generic:cancelled");
    startUser("generic:next", Ending.RETURN);
    awaitWaiters("generic:next");

    cancelled.cancel();

    awaitHolder("generic:next");
  }

  @Test
  void aHolderThatNeverReleasesLosesTheLockWhenItsLeaseEnds() {
    startUser("generic:stuck", Ending.NEVER_RELEASE);
    awaitHolder("generic:stuck");
    WorkflowStub next = startUser("generic:next", Ending.RETURN);
    awaitWaiters("generic:next");

    env.sleep(SETTINGS.lease().minusSeconds(5));
    assertEquals("generic:stuck", holderId());

    env.sleep(Duration.ofSeconds(10));
    awaitHolder("generic:next");
    next.signal("finish");
    assertEquals("done", next.getResult(String.class));
  }

  @Test
  void continueAsNewCarriesTheHolderAndTheWaitersInOrder() {
    List<String> ids = List.of("generic:1", "generic:2", "generic:3", "generic:4", "generic:5");
    List<WorkflowStub> users = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      users.add(startUser(ids.get(i), Ending.RETURN));
      // One at a time, so arrival order at the lock is the order of this list.
      awaitWaiters(ids.subList(1, i + 1).toArray(String[]::new));
    }
    awaitHolder("generic:1");
    String firstRun = lockRunId();

    for (int i = 0; i < ids.size(); i++) {
      awaitHolder(ids.get(i));
      users.get(i).signal("finish");
      assertEquals("done", users.get(i).getResult(String.class));
    }

    // 5 grants at 2 per run: the lock continued as new twice and lost nobody.
    assertNotEquals(firstRun, lockRunId());
  }

  @Test
  void aRepeatedRequestKeepsItsPlaceAndALateCopyOfAReleasedOneIsIgnored() {
    startUser("generic:a", Ending.RETURN);
    awaitHolder("generic:a");
    ContactLockWorkflow lock = lock();
    LockRequest ghost = new LockRequest("generic:ghost", "run-x", "run-x/1");

    lock.request(ghost);
    lock.request(ghost);
    awaitWaiters("generic:ghost");
    lock.release(ghost);
    awaitWaiters();
    lock.request(ghost);

    assertEquals(List.of(), waiterIds());
  }

  @Test
  void aHolderThatAsksAgainIsGrantedAgainAndKeepsTheLock() {
    WorkflowStub a = startUser("generic:a", Ending.RETURN);
    awaitHolder("generic:a");
    LockRequest held = lockState().holder();

    // What a holder's retried workflow task does when the grant reached the lost attempt only.
    lock().request(held);

    awaitCondition("a second grant signal to generic:a", () -> grantSignals("generic:a") == 2);
    assertEquals(held, lockState().holder());
    assertEquals(List.of(), waiterIds());
    a.signal("finish");
    assertEquals("done", a.getResult(String.class));
  }

  @Test
  void aHolderWhoseLeaseEndedMayAskAgain() {
    startUser("generic:stuck", Ending.NEVER_RELEASE);
    awaitHolder("generic:stuck");
    LockRequest expired = lockState().holder();
    env.sleep(SETTINGS.lease().plusSeconds(5));
    awaitCondition("the lease ending", () -> holderIdOrNull() == null);

    lock().request(expired);

    awaitHolder("generic:stuck");
  }

  @Test
  void anIdleLockCompletesAndTheNextRequestStartsItAgain() {
    WorkflowStub first = startUser("generic:first", Ending.RETURN);
    awaitHolder("generic:first");
    first.signal("finish");
    first.getResult(String.class);
    env.sleep(SETTINGS.idleLinger().plusSeconds(1));
    String idleRun = lockRunId();

    WorkflowStub second = startUser("generic:second", Ending.RETURN);
    awaitHolder("generic:second");
    second.signal("finish");

    assertEquals("done", second.getResult(String.class));
    assertNotEquals(idleRun, lockRunId());
  }

  private WorkflowStub startUser(String id, Ending ending) {
    LockUser user =
        client.newWorkflowStub(
            LockUser.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TASK_QUEUE).build());
    WorkflowClient.start(user::use, EMAIL, ending);
    return WorkflowStub.fromTyped(user);
  }

  private ContactLockWorkflow lock() {
    return client.newWorkflowStub(ContactLockWorkflow.class, ContactLockIds.forEmail(EMAIL));
  }

  private ContactLockState lockState() {
    return lock().state();
  }

  private String holderId() {
    LockRequest holder = lockState().holder();
    return holder == null ? null : holder.holderWorkflowId();
  }

  private List<String> waiterIds() {
    return lockState().waiters().stream().map(LockRequest::holderWorkflowId).toList();
  }

  private void awaitHolder(String workflowId) {
    awaitCondition("holder " + workflowId, () -> workflowId.equals(holderIdOrNull()));
  }

  private void awaitWaiters(String... workflowIds) {
    awaitCondition(
        "waiters " + List.of(workflowIds), () -> List.of(workflowIds).equals(waitersOrNull()));
  }

  private String holderIdOrNull() {
    try {
      return holderId();
    } catch (RuntimeException notYetStarted) {
      return null;
    }
  }

  private List<String> waitersOrNull() {
    try {
      return waiterIds();
    } catch (RuntimeException notYetStarted) {
      return null;
    }
  }

  private long grantSignals(String workflowId) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)
        .filter(
            e ->
                LockHolder.GRANTED_SIGNAL.equals(
                    e.getWorkflowExecutionSignaledEventAttributes().getSignalName()))
        .count();
  }

  private String lockRunId() {
    WorkflowExecutionInfo info =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(
                        io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                            .setWorkflowId(ContactLockIds.forEmail(EMAIL)))
                    .build())
            .getWorkflowExecutionInfo();
    return info.getExecution().getRunId();
  }

  private static void awaitCondition(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not reached within 20 s: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
