package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.workers.it.WebhookSender.Answer;
import dev.oncelane.workers.temporal.TemporalCliServer;
import dev.oncelane.workflows.ledger.SyncStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lane end to end on the real Temporal dev server: relay → {@code temporal server start-dev} →
 * worker → HubSpot sandbox, with the SQLite ledger. Where the end-to-end test on the in-memory
 * server proves the wiring, this one proves that the real server's id-reuse rules collapse
 * redeliveries the same way.
 */
class RealServerEndToEndIT {

  private static final Duration SETTLES = Duration.ofSeconds(60);

  @TempDir static Path dataDir;

  private static TemporalCliServer temporal;
  private static RealServerLane lane;
  private static WebhookSender sender;

  @BeforeAll
  static void start() throws Exception {
    temporal = RealTemporal.start(dataDir.resolve("temporal"));
    lane =
        RealServerLane.start(
            dataDir, temporal.address(), FaultConfig.none(), RealServerLane.Worker.IN_PROCESS);
    sender = lane.sender();
  }

  @AfterAll
  static void stop() {
    if (lane != null) {
      lane.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  @Test
  void aNewEventIsAcceptedAndBecomesOneContact() {
    Answer answer = sender.deliver("e2e-new", WebhookSender.event("new@example.com", Map.of()));

    assertEquals(202, answer.status(), answer::toString);
    assertEquals("accepted", answer.outcome());
    LedgerRow row = lane.awaitSettled("generic:e2e-new", SETTLES);
    assertEquals(SyncStatus.COMPLETED, row.status());
    assertEquals(1, lane.sandbox().contactCount("new@example.com"));
  }

  @Test
  void aDeliveryAfterTheRunCompletedIsADuplicateOfThatRun() {
    String body = WebhookSender.event("again@example.com", Map.of("firstname", "Ada"));
    Answer first = sender.deliver("e2e-again", body);
    assertEquals(202, first.status(), first::toString);
    lane.awaitSettled("generic:e2e-again", SETTLES);
    awaitClosed("generic:e2e-again");

    Answer again = sender.deliver("e2e-again", body);

    assertEquals(200, again.status(), again::toString);
    assertEquals("duplicate", again.outcome());
    assertEquals("completed", again.body().path("state").asText());
    assertEquals(first.runId(), again.runId(), "the existing run, not a new one");
    assertEquals(1, lane.sandbox().contactCount("again@example.com"));
  }

  @Test
  void fiftyConcurrentDeliveriesOfOneEventMakeOneRunAndOneContact() throws Exception {
    String body = WebhookSender.event("storm@example.com", Map.of("firstname", "Storm"));
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch ready = new CountDownLatch(50);
    List<Future<Answer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        answers.add(
            pool.submit(
                () -> {
                  // All fifty leave together, so they really race for the workflow id.
                  ready.countDown();
                  ready.await();
                  return sender.deliver("e2e-storm", body);
                }));
      }
      int accepted = 0;
      int duplicates = 0;
      for (Future<Answer> future : answers) {
        Answer answer = future.get();
        if (answer.accepted()) {
          accepted++;
        } else if (answer.duplicate()) {
          duplicates++;
        }
      }
      assertEquals(1, accepted, "accepted");
      assertEquals(49, duplicates, "duplicates");
    } finally {
      pool.shutdownNow();
    }

    lane.awaitSettled("generic:e2e-storm", SETTLES);
    assertEquals(1, lane.sandbox().contactCount("storm@example.com"));
    assertEquals(3, lane.ledger().trail("generic:e2e-storm").size(), "one run's three steps");
  }

  @Test
  void aCreateWhoseAnswerWasLostResolvesAfter409ToOneContact() {
    lane.sandbox().dropNextWrites(1);

    Answer answer = sender.deliver("e2e-lost", WebhookSender.event("lost@example.com", Map.of()));

    assertEquals(202, answer.status(), answer::toString);
    LedgerRow row = lane.awaitSettled("generic:e2e-lost", SETTLES);
    assertEquals(SyncStatus.RESOLVED_AFTER_409, row.status());
    assertEquals(1, lane.sandbox().contactCount("lost@example.com"));
  }

  /** The ledger settles just before the run closes; a redelivery must meet the closed run. */
  private static void awaitClosed(String workflowId) {
    Deadlines.await(
        workflowId + " closing",
        SETTLES,
        () ->
            Optional.of(status(workflowId))
                .filter(s -> s == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED),
        () -> status(workflowId).name());
  }

  private static WorkflowExecutionStatus status(String workflowId) {
    return lane.client().newUntypedWorkflowStub(workflowId).describe().getStatus();
  }
}
