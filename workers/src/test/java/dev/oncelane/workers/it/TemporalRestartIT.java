package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.workers.it.WebhookSender.Answer;
import dev.oncelane.workers.temporal.TemporalCliServer;
import dev.oncelane.workflows.ledger.SyncStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The Temporal server killed (SIGKILL) mid-run and started again on the same port and database
 * file: what it accepted before survives and finishes, what arrives during the outage is refused
 * with 503 (nothing acknowledged) and accepted once the sender retries. The relay and the worker
 * are not restarted; they must reconnect by themselves.
 */
class TemporalRestartIT extends RealServerTest {

  private static final int BEFORE_STOP = 15;
  private static final int DURING_OUTAGE = 4;
  // Work caught by the kill waits out its timeouts (activities: 30 s StartToClose) first.
  private static final Duration SETTLES = Duration.ofSeconds(150);

  @Test
  void aServerKilledAndRestartedLosesNoEventAndTheLaneReconnects() throws Exception {
    Path temporalDir = dataDir.resolve("temporal");
    int port = RealTemporal.freePort();
    int uiPort = RealTemporal.freePort();
    temporal =
        TemporalCliServer.start(RealTemporal.binaryOrSkip(), temporalDir, "default", port, uiPort);
    lane =
        RealServerLane.start(
            dataDir,
            temporal.address(),
            FaultConfig.none().withLatency(200, 400),
            RealServerLane.Worker.IN_PROCESS);
    WebhookSender sender = lane.sender();

    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < BEFORE_STOP; i++) {
      Answer answer = sender.deliver(key(i), body(i));
      assertEquals(202, answer.status(), answer::toString);
      accepted.add("generic:" + key(i));
    }

    temporal.kill();
    // Without the server no workflow moves past its current step, so this is where the kill
    // caught the lane (the last event accepted is still at least two CRM calls from settling).
    long settledAtKill = lane.settledCount(accepted);
    System.out.printf(
        "TemporalRestartIT: %d of %d events settled when the server was killed%n",
        settledAtKill, accepted.size());
    assertTrue(settledAtKill < accepted.size(), "the kill must catch events in flight");

    List<Answer> outage = deliverConcurrently(sender, BEFORE_STOP, BEFORE_STOP + DURING_OUTAGE);
    for (Answer answer : outage) {
      assertEquals(503, answer.status(), answer::toString);
    }
    assertEquals(503, lane.relayReadiness(), "the relay is not ready without Temporal");

    temporal = RealTemporal.restart(temporalDir, port, uiPort);

    for (int i = BEFORE_STOP; i < BEFORE_STOP + DURING_OUTAGE; i++) {
      Answer retried = retryUntilAnswered(sender, i);
      assertEquals(202, retried.status(), "a delivery refused during the outage: " + retried);
      accepted.add("generic:" + key(i));
    }
    Answer redelivered = retryUntilAnswered(sender, 0);
    assertEquals(200, redelivered.status(), "accepted before the kill, so known after it");
    assertEquals("duplicate", redelivered.outcome());

    lane.awaitAllSettled(accepted, SETTLES);
    for (int i = 0; i < accepted.size(); i++) {
      LedgerRow row = lane.ledger().find(accepted.get(i)).orElseThrow();
      assertTrue(
          Set.of(SyncStatus.COMPLETED, SyncStatus.RESOLVED_AFTER_409).contains(row.status()),
          row::toString);
      assertEquals(1, lane.sandbox().contactCount(email(i)), "contacts with " + email(i));
    }
  }

  private static List<Answer> deliverConcurrently(WebhookSender sender, int from, int to) {
    ExecutorService pool = Executors.newFixedThreadPool(to - from);
    try {
      List<CompletableFuture<Answer>> answers = new ArrayList<>();
      for (int i = from; i < to; i++) {
        int n = i;
        answers.add(CompletableFuture.supplyAsync(() -> sender.deliver(key(n), body(n)), pool));
      }
      return answers.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  /** What a webhook sender does with a 503: deliver the same event again, until answered. */
  private static Answer retryUntilAnswered(WebhookSender sender, int i) {
    return Deadlines.await(
        "the relay accepting " + key(i) + " again",
        Duration.ofSeconds(60),
        () -> Optional.of(sender.deliver(key(i), body(i))).filter(a -> a.status() != 503),
        () -> "503");
  }

  private static String key(int i) {
    return "restart-" + i;
  }

  private static String body(int i) {
    return WebhookSender.event(email(i), Map.of("firstname", "N" + i));
  }

  private static String email(int i) {
    return "restart-" + i + "@example.com";
  }
}
