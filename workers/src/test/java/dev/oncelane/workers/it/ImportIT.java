package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.imports.ImportManifest;
import dev.oncelane.activities.imports.ImportProgress;
import dev.oncelane.activities.imports.ImportRow;
import dev.oncelane.activities.imports.UnfinishedRow;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.workflows.imports.ImportFed;
import dev.oncelane.workflows.imports.ImportRequest;
import dev.oncelane.workflows.imports.ImportWorkflow;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An import on the real dev server, fed by a worker process ({@code oncelane worker}, wired as in
 * production) that is killed mid-import and replaced; then the same import run again.
 */
class ImportIT extends RealServerTest {

  private static final String IMPORT_ID = "fair-0123456789ab";
  private static final int ROWS = 200;
  private static final int SIGKILL_EXIT = 128 + 9;
  // A feed lost with the killed worker is retried after its 30 s heartbeat timeout, the lane's
  // activities after their 30 s StartToClose.
  private static final Duration FINISHES = Duration.ofSeconds(240);

  @Test
  void everyValidRowSettlesOnceThroughAWorkerCrashAndAnImportRunAgainWritesNothing()
      throws Exception {
    temporal = RealTemporal.start(dataDir.resolve("temporal"));
    lane =
        RealServerLane.start(
            dataDir,
            temporal.address(),
            FaultConfig.none().withLatency(20, 60),
            RealServerLane.Worker.ELSEWHERE);
    Map<String, String> env =
        Map.of(
            "TEMPORAL_ADDRESS", temporal.address(),
            "HUBSPOT_BASE_URL", lane.sandbox().baseUrl(),
            "HUBSPOT_TOKEN", SandboxOptions.DEFAULT_TOKEN,
            "ONCELANE_LEDGER_URL", lane.ledgerUrl(),
            "ONCELANE_DATA_DIR", dataDir.toString(),
            "ONCELANE_METRICS_PORT", "0",
            "ONCELANE_IMPORT_MAX_IN_FLIGHT", "10");
    Path log = dataDir.resolve("worker.log");
    List<ImportRow> rows = rows();
    Set<String> emails = new LinkedHashSet<>();
    rows.stream().filter(ImportRow::isValid).forEach(row -> emails.add(row.event().email()));
    int validRows = (int) rows.stream().filter(ImportRow::isValid).count();
    assertTrue(
        lane.imports()
            .save(
                new ImportManifest(
                    IMPORT_ID,
                    "fair",
                    "fair.csv",
                    "0123456789ab",
                    ROWS,
                    ROWS - validRows,
                    "it",
                    System.currentTimeMillis()),
                rows));

    CompletableFuture<ImportFed> first;
    try (WorkerProcess worker = WorkerProcess.start(env, log)) {
      // 0: the worker's ONCELANE_IMPORT_MAX_IN_FLIGHT.
      first = WorkflowClient.execute(importWorkflow()::run, ImportRequest.begin(IMPORT_ID, 0));
      Deadlines.awaitTrue(
          "a fifth of the import settling",
          FINISHES,
          () -> lane.imports().progress(IMPORT_ID).completed() >= emails.size() / 5,
          () -> lane.imports().progress(IMPORT_ID).toString());
      assertEquals(SIGKILL_EXIT, worker.kill(), "the worker died of SIGKILL");
    }
    ImportProgress atKill = lane.imports().progress(IMPORT_ID);
    System.out.println("ImportIT: at the kill " + atKill);
    assertFalse(atKill.isFinished(), "the kill must catch the import unfinished: " + atKill);

    ImportFed fed;
    try (WorkerProcess replacement = WorkerProcess.start(env, log)) {
      fed = first.get(FINISHES.toSeconds(), TimeUnit.SECONDS);
      Deadlines.awaitTrue(
          "every event of the import settling",
          FINISHES,
          () -> lane.imports().progress(IMPORT_ID).isFinished(),
          () -> lane.imports().progress(IMPORT_ID).toString());
    }

    ImportProgress done = lane.imports().progress(IMPORT_ID);
    assertEquals(emails.size(), done.completed(), done.toString());
    assertEquals(validRows - emails.size(), done.duplicateRows(), done.toString());
    assertEquals(validRows, fed.started() + fed.duplicates(), fed.toString());
    for (String email : emails) {
      assertEquals(1, lane.sandbox().contactCount(email), "contacts with " + email);
    }
    assertEquals(emails.size(), lane.sandbox().contacts().size(), "no contact beyond one per row");
    List<UnfinishedRow> unfinished = lane.imports().unfinished(IMPORT_ID);
    assertEquals(ROWS - validRows, unfinished.size(), unfinished.toString());
    assertTrue(unfinished.stream().allMatch(row -> row.status().equals("invalid")));

    long crmCallsBefore = crmCalls();
    try (WorkerProcess again = WorkerProcess.start(env, log)) {
      ImportFed second = importWorkflow().run(ImportRequest.begin(IMPORT_ID, 0));
      assertEquals(new ImportFed(IMPORT_ID, 0, validRows), second);
    }
    assertEquals(crmCallsBefore, crmCalls(), "the import run again made no CRM call");
    assertEquals(done, lane.imports().progress(IMPORT_ID));
  }

  private ImportWorkflow importWorkflow() {
    return lane.client()
        .newWorkflowStub(
            ImportWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ImportWorkflow.workflowId(IMPORT_ID))
                .setTaskQueue(ContactSyncWorkflow.TASK_QUEUE)
                .build());
  }

  private long crmCalls() {
    return lane.sandbox().usage().values().stream().mapToLong(u -> u.requests()).sum();
  }

  /**
   * Lines 2..201: every 20th row has a bad email (invalid), every 25th repeats the row before it
   * (the same key: the same event).
   */
  private static List<ImportRow> rows() {
    List<ImportRow> rows = new ArrayList<>();
    long submitted = System.currentTimeMillis();
    for (int i = 1; i <= ROWS; i++) {
      int line = i + 1;
      if (i % 20 == 0) {
        rows.add(ImportRow.invalid(line, "bad email 'row" + i + "@'", "row" + i + "@,Row"));
        continue;
      }
      int n = i % 25 == 0 ? i - 1 : i;
      String email = "row" + n + "@example.com";
      ContactEvent event =
          new ContactEvent(
                  "import:fair-row-" + n,
                  "import",
                  email,
                  Map.of("firstname", "Row" + n),
                  "2026-11-30T10:00:00Z",
                  "hash-fair-row-" + n)
              .withAcceptedAt(submitted + line);
      rows.add(ImportRow.valid(line, event, email + ",Row" + n));
    }
    return rows;
  }
}
