package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.workers.it.WebhookSender.Answer;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.lock.ContactLockIds;
import dev.oncelane.workflows.lock.ContactLockState;
import dev.oncelane.workflows.lock.ContactLockWorkflow;
import dev.oncelane.workflows.lock.LockRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contact lock across a crash: the worker running the lock holder's write is killed with
 * SIGKILL while the contact's next event waits for the lock. The holder is not dead (its workflow
 * lives in Temporal), so a new worker finishes it, it releases, and the next event proceeds.
 *
 * <p>The bound: the CRM call lost with the worker is retried after its 30 s start-to-close; the
 * holder then makes at most two more calls and the waiting event two, each under 3 s here, and the
 * new worker starts in a few seconds: the next event settles within 60 s of the restart.
 */
class ContactLockCrashIT extends RealServerTest {

  private static final String EMAIL = "locked@example.com";
  private static final Duration NEXT_EVENT_BOUND = Duration.ofSeconds(60);
  private static final int SIGKILL_EXIT = 128 + 9;

  @Test
  void aLockHoldersWorkerKilledMidWriteLetsTheContactsNextEventProceedWithinTheBound()
      throws Exception {
    temporal = RealTemporal.start(dataDir.resolve("temporal"));
    // Every CRM call takes 2-2.5 s, so the holder is inside a CRM call when the worker dies.
    lane =
        RealServerLane.start(
            dataDir,
            temporal.address(),
            FaultConfig.none().withLatency(2000, 2500),
            RealServerLane.Worker.ELSEWHERE);
    Map<String, String> env =
        Map.of(
            "TEMPORAL_ADDRESS", temporal.address(),
            "HUBSPOT_BASE_URL", lane.sandbox().baseUrl(),
            "HUBSPOT_TOKEN", SandboxOptions.DEFAULT_TOKEN,
            "ONCELANE_LEDGER_URL", lane.ledgerUrl(),
            "ONCELANE_DATA_DIR", dataDir.toString(),
            "ONCELANE_METRICS_PORT", "0");
    Path log = dataDir.resolve("worker.log");
    WebhookSender sender = lane.sender();
    ContactLockWorkflow lock =
        lane.client().newWorkflowStub(ContactLockWorkflow.class, ContactLockIds.forEmail(EMAIL));

    Instant restarted;
    try (WorkerProcess first = WorkerProcess.start(env, log)) {
      deliver(sender, "lock-holder", "2026-11-30T09:00:00Z", "OLD");
      Deadlines.awaitTrue(
          "the holder holding the contact's lock",
          Duration.ofSeconds(60),
          () -> holder(lock).equals(Optional.of("generic:lock-holder")),
          () -> "holder: " + holder(lock));
      deliver(sender, "lock-next", "2026-11-30T10:00:00Z", "NEW");
      Deadlines.awaitTrue(
          "the next event waiting for the lock",
          Duration.ofSeconds(60),
          () -> waiters(lock).contains("generic:lock-next"),
          () -> "waiters: " + waiters(lock));

      assertEquals(SIGKILL_EXIT, first.kill(), "the worker died of SIGKILL");
      restarted = Instant.now();
    }

    try (WorkerProcess second = WorkerProcess.start(env, log)) {
      lane.awaitSettled("generic:lock-next", NEXT_EVENT_BOUND);
      Duration took = Duration.between(restarted, Instant.now());
      System.out.printf(
          "ContactLockCrashIT: the next event settled %d ms after the restart%n", took.toMillis());
      lane.awaitSettled("generic:lock-holder", NEXT_EVENT_BOUND);
    }

    assertEquals(
        SyncStatus.COMPLETED, lane.ledger().find("generic:lock-next").orElseThrow().status());
    assertEquals(1, lane.sandbox().contactCount(EMAIL));
    Object firstname =
        ((Map<?, ?>) lane.sandbox().contacts().get(0).get("properties")).get("firstname");
    assertEquals("NEW", firstname, "the newer event's value stays, whatever order they wrote in");
    assertTrue(
        lane.ledger().trail("generic:lock-next").size() >= 3, "the next event has its trail");
  }

  private static void deliver(WebhookSender sender, String key, String occurredAt, String name) {
    String body =
        "{\"type\":\"contact.upsert\",\"occurredAt\":\""
            + occurredAt
            + "\",\"email\":\""
            + EMAIL
            + "\",\"properties\":{\"firstname\":\""
            + name
            + "\"}}";
    Answer answer = sender.deliver(key, body);
    assertEquals(202, answer.status(), answer::toString);
  }

  private static Optional<String> holder(ContactLockWorkflow lock) {
    try {
      LockRequest holder = lock.state().holder();
      return Optional.ofNullable(holder).map(LockRequest::holderWorkflowId);
    } catch (RuntimeException notStartedYet) {
      return Optional.empty();
    }
  }

  private static List<String> waiters(ContactLockWorkflow lock) {
    try {
      ContactLockState state = lock.state();
      return state.waiters().stream().map(LockRequest::holderWorkflowId).toList();
    } catch (RuntimeException notStartedYet) {
      return List.of();
    }
  }
}
