package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.workers.it.WebhookSender.Answer;
import dev.oncelane.workflows.ledger.SyncStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A worker process killed with SIGKILL while events are in flight, then replaced: Temporal hands
 * the lost work to the new worker and every event still ends with exactly one contact.
 */
class WorkerCrashIT extends RealServerTest {

  private static final int FIRST_WAVE = 10;
  private static final int SECOND_WAVE = 20;
  private static final int SIGKILL_EXIT = 128 + 9;
  // An activity lost with the killed worker is retried only after its 30 s StartToClose.
  private static final Duration SETTLES = Duration.ofSeconds(150);

  @Test
  void aWorkerKilledMidFlightAndRestartedSettlesEveryEventWithOneContact() throws Exception {
    temporal = RealTemporal.start(dataDir.resolve("temporal"));
    // Every CRM call takes 300-600 ms, so a just-accepted event is still in flight at the kill.
    lane =
        RealServerLane.start(
            dataDir,
            temporal.address(),
            FaultConfig.none().withLatency(300, 600),
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
    List<String> ids = new ArrayList<>();

    long settledAtKill;
    try (WorkerProcess first = WorkerProcess.start(env, log)) {
      ids.addAll(deliver(sender, 0, FIRST_WAVE));
      lane.awaitAllSettled(ids, SETTLES);
      ids.addAll(deliver(sender, FIRST_WAVE, FIRST_WAVE + SECOND_WAVE));

      assertEquals(SIGKILL_EXIT, first.kill(), "the worker died of SIGKILL");
      // With no worker left nothing moves, so this count is where the kill caught the lane.
      settledAtKill = lane.settledCount(ids);
    }
    System.out.printf(
        "WorkerCrashIT: %d of %d events settled when the worker was killed%n",
        settledAtKill, ids.size());
    assertTrue(
        settledAtKill >= FIRST_WAVE && settledAtKill < ids.size(),
        "the kill must catch events in flight, but " + settledAtKill + " had settled");

    try (WorkerProcess second = WorkerProcess.start(env, log)) {
      lane.awaitAllSettled(ids, SETTLES);
    }

    for (int i = 0; i < ids.size(); i++) {
      LedgerRow row = lane.ledger().find(ids.get(i)).orElseThrow();
      assertTrue(
          Set.of(SyncStatus.COMPLETED, SyncStatus.RESOLVED_AFTER_409).contains(row.status()),
          row::toString);
      assertEquals(1, lane.sandbox().contactCount(email(i)), "contacts with " + email(i));
    }
    assertEquals(ids.size(), lane.sandbox().contacts().size(), "no contact beyond one per event");
  }

  private static List<String> deliver(WebhookSender sender, int from, int to) {
    List<String> ids = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Answer answer =
          sender.deliver("crash-" + i, WebhookSender.event(email(i), Map.of("firstname", "N" + i)));
      assertEquals(202, answer.status(), answer::toString);
      ids.add("generic:crash-" + i);
    }
    return ids;
  }

  private static String email(int i) {
    return "crash-" + i + "@example.com";
  }
}
