package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.workers.it.WebhookSender.Answer;
import dev.oncelane.workflows.ledger.SyncStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two worker processes share one CRM budget through Temporal (the budget workflow and the permit
 * queue's server-side rate limit), against a sandbox that enforces HubSpot's ten-secondly limit at
 * 20 requests: the sandbox answers no 429, and the lane settles every event.
 */
class SharedCrmBudgetIT extends RealServerTest {

  private static final int LIMIT_PER_10S = 20;
  private static final Duration SETTLES = Duration.ofSeconds(300);

  @Test
  void twoWorkerProcessesCallingOneByOneStayInsideTheSharedBudgetWithoutA429() throws Exception {
    Map<String, Long> stats = runTwoWorkers("single", 24, Map.of("ONCELANE_CRM_BATCHING", "off"));
    // Without batching each event makes at least two requests: the budget paced them all.
    assertTrue(requests(stats) >= 48, "one call per activity: " + stats);
  }

  @Test
  void twoBatchingWorkerProcessesSettleEveryEventWithFewRequestsAndNo429() throws Exception {
    int events = 120;
    Map<String, Long> stats = runTwoWorkers("batched", events, Map.of());
    double perEvent = (double) requests(stats) / events;
    System.out.printf(
        "SharedCrmBudgetIT: %d events, %d CRM requests (%.2f per event), by call: %s%n",
        events, requests(stats), perEvent, stats);
    assertTrue(perEvent < 0.5, "batched: " + stats);
  }

  private Map<String, Long> runTwoWorkers(String prefix, int events, Map<String, String> extra)
      throws Exception {
    temporal = RealTemporal.start(dataDir.resolve("temporal"));
    lane =
        RealServerLane.start(
            dataDir,
            temporal.address(),
            FaultConfig.none().withRateLimitPer10s(LIMIT_PER_10S),
            RealServerLane.Worker.ELSEWHERE);
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_ADDRESS", temporal.address());
    env.put("HUBSPOT_BASE_URL", lane.sandbox().baseUrl());
    env.put("HUBSPOT_TOKEN", SandboxOptions.DEFAULT_TOKEN);
    env.put("ONCELANE_LEDGER_URL", lane.ledgerUrl());
    env.put("ONCELANE_DATA_DIR", dataDir.toString());
    env.put("ONCELANE_METRICS_PORT", "0");
    env.put("ONCELANE_CRM_BUDGET_PER_10S", Integer.toString(LIMIT_PER_10S));
    env.putAll(extra);
    List<String> ids = new ArrayList<>();
    try (WorkerProcess one = WorkerProcess.start(env, dataDir.resolve("worker-1.log"));
        WorkerProcess two = WorkerProcess.start(env, dataDir.resolve("worker-2.log"))) {
      WebhookSender sender = lane.sender();
      for (int i = 0; i < events; i++) {
        Answer answer =
            sender.deliver(
                prefix + "-" + i,
                WebhookSender.event(email(prefix, i), Map.of("firstname", "N" + i)));
        assertEquals(202, answer.status(), answer::toString);
        ids.add("generic:" + prefix + "-" + i);
      }
      lane.awaitAllSettled(ids, SETTLES);
    }
    for (int i = 0; i < events; i++) {
      LedgerRow row = lane.ledger().find(ids.get(i)).orElseThrow();
      assertEquals(SyncStatus.COMPLETED, row.status(), row::toString);
      assertEquals(1, lane.sandbox().contactCount(email(prefix, i)));
    }
    Map<String, Long> byCallAndStatus = new HashMap<>();
    lane.sandbox()
        .stats()
        .forEach(
            (call, statuses) ->
                statuses.forEach(
                    (status, n) -> byCallAndStatus.merge(call + " " + status, n, Long::sum)));
    assertTrue(
        byCallAndStatus.keySet().stream().noneMatch(k -> k.endsWith(" 429")),
        "no request answered 429: " + byCallAndStatus);
    return byCallAndStatus;
  }

  private static long requests(Map<String, Long> stats) {
    return stats.entrySet().stream()
        .filter(e -> e.getKey().contains("/crm/"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static String email(String prefix, int i) {
    return prefix + "-" + i + "@example.com";
  }
}
