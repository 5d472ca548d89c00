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
import java.util.LinkedHashMap;
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
  private static final String OTHER_ID = "fair-ba9876543210";

  /** The last row's event: its input is over the relay's 1.5 MiB limit. */
  private static final String OVERSIZED = "import:fair-oversized";

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
    Map<String, Map<String, String>> values = new LinkedHashMap<>();
    rows.stream()
        .filter(ImportRow::isValid)
        .filter(row -> !row.processingId().equals(OVERSIZED))
        .forEach(row -> values.put(row.event().email(), row.event().properties()));
    Set<String> emails = values.keySet();
    int validRows = (int) rows.stream().filter(ImportRow::isValid).count();
    int totalRows = rows.size();
    assertTrue(
        lane.imports()
            .save(
                new ImportManifest(
                    IMPORT_ID,
                    "fair",
                    "fair.csv",
                    "0123456789ab",
                    totalRows,
                    totalRows - validRows,
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
    assertEquals(1, done.refused(), done.toString());
    assertEquals(validRows - emails.size() - 1, done.duplicateRows(), done.toString());
    // The oversized row is refused for good, neither started nor a duplicate.
    assertEquals(validRows - 1, fed.started() + fed.duplicates(), fed.toString());
    for (String email : emails) {
      assertEquals(1, lane.sandbox().contactCount(email), "contacts with " + email);
    }
    assertEquals(emails.size(), lane.sandbox().contacts().size(), "no contact beyond one per row");
    Map<String, Map<?, ?>> inSandbox = new LinkedHashMap<>();
    for (Map<String, Object> contact : lane.sandbox().contacts()) {
      Map<?, ?> properties = (Map<?, ?>) contact.get("properties");
      inSandbox.put(String.valueOf(properties.get("email")), properties);
    }
    values.forEach(
        (email, properties) ->
            properties.forEach(
                (name, value) ->
                    assertEquals(
                        value,
                        inSandbox.get(email).get(name),
                        email + "'s " + name + " in the sandbox")));
    List<UnfinishedRow> unfinished = lane.imports().unfinished(IMPORT_ID);
    assertEquals(totalRows - validRows + 1, unfinished.size(), unfinished.toString());
    UnfinishedRow oversized = unfinished.get(unfinished.size() - 1);
    assertEquals(OVERSIZED, oversized.processingId());
    assertEquals("refused", oversized.status());
    assertEquals("input_too_large", oversized.reason());
    assertTrue(
        unfinished.subList(0, unfinished.size() - 1).stream()
            .allMatch(row -> row.status().equals("invalid")),
        unfinished.toString());

    long crmCallsBefore = crmCalls();
    try (WorkerProcess again = WorkerProcess.start(env, log)) {
      ImportFed second = importWorkflow().run(ImportRequest.begin(IMPORT_ID, 0));
      assertEquals(new ImportFed(IMPORT_ID, 0, validRows - 1), second);
      assertEquals(crmCallsBefore, crmCalls(), "the import run again made no CRM call");
      assertEquals(done, lane.imports().progress(IMPORT_ID));

      // Another file under the same name reuses row 1's key with other values: refused, not lost.
      ContactEvent reused =
          new ContactEvent(
                  "import:fair-row-1",
                  "import",
                  "row1@example.com",
                  Map.of("firstname", "Changed"),
                  "2026-11-30T10:00:00Z",
                  "hash-fair-row-1-changed")
              .withAcceptedAt(System.currentTimeMillis());
      lane.imports()
          .save(
              new ImportManifest(OTHER_ID, "fair", "fair.csv", "ba9876543210", 1, 0, "it", 0L),
              List.of(ImportRow.valid(2, reused, "row1@example.com,Changed")));
      assertEquals(
          new ImportFed(OTHER_ID, 0, 0),
          importWorkflow(OTHER_ID).run(ImportRequest.begin(OTHER_ID, 0)));
    }
    ImportProgress other = lane.imports().progress(OTHER_ID);
    assertTrue(other.isFinished(), other.toString());
    assertEquals(1, other.refused(), other.toString());
    assertEquals(0, other.completed(), other.toString());
    UnfinishedRow refused = lane.imports().unfinished(OTHER_ID).get(0);
    assertEquals("refused", refused.status());
    assertEquals("key_reused", refused.reason());
    assertEquals(
        "Row1",
        inSandboxFirstname("row1@example.com"),
        "the refused row wrote nothing over the first import's value");
  }

  private String inSandboxFirstname(String email) {
    return lane.sandbox().contacts().stream()
        .map(contact -> (Map<?, ?>) contact.get("properties"))
        .filter(properties -> email.equals(properties.get("email")))
        .map(properties -> String.valueOf(properties.get("firstname")))
        .findFirst()
        .orElseThrow();
  }

  private ImportWorkflow importWorkflow() {
    return importWorkflow(IMPORT_ID);
  }

  private ImportWorkflow importWorkflow(String importId) {
    return lane.client()
        .newWorkflowStub(
            ImportWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ImportWorkflow.workflowId(importId))
                .setTaskQueue(ContactSyncWorkflow.TASK_QUEUE)
                .build());
  }

  private long crmCalls() {
    return lane.sandbox().usage().values().stream().mapToLong(u -> u.requests()).sum();
  }

  /**
   * Lines 2..201: every 20th row has a bad email (invalid), every 25th repeats the row before it
   * (the same key: the same event); line 202's event is over the relay's input limit.
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
                  Map.of("firstname", "Row" + n, "company", "Co " + n),
                  "2026-11-30T10:00:00Z",
                  "hash-fair-row-" + n)
              .withAcceptedAt(submitted + line);
      rows.add(ImportRow.valid(line, event, email + ",Row" + n));
    }
    ContactEvent oversized =
        new ContactEvent(
                OVERSIZED,
                "import",
                "big@example.com",
                Map.of("notes", "x".repeat(2 * 1024 * 1024)),
                "2026-11-30T10:00:00Z",
                "hash-fair-oversized")
            .withAcceptedAt(submitted + ROWS + 2);
    rows.add(ImportRow.valid(ROWS + 2, oversized, "big@example.com,…"));
    return rows;
  }
}
