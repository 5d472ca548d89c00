package dev.oncelane.workers.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.crm.CrmActivitiesImpl;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerActivitiesImpl;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerSchema;
import dev.oncelane.activities.lock.ContactLockActivitiesImpl;
import dev.oncelane.relay.start.StartOutcome;
import dev.oncelane.relay.start.WorkflowStarter;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.temporal.InMemoryTemporal;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workflows.crm.CrmActivities;
import dev.oncelane.workflows.ledger.LedgerActivities;
import dev.oncelane.workflows.lock.ContactLockIds;
import dev.oncelane.workflows.lock.ContactLockWorkflowImpl;
import dev.oncelane.workflows.policy.LaneSettings;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.ContactSyncWorkflowImpl;
import dev.oncelane.workflows.sync.SyncResult;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import rows run on {@link ContactSyncWorkflow#IMPORT_TASK_QUEUE}, so a live event never waits in
 * the lane's queue behind them: with nothing polling the import queue, live events settle while the
 * rows wait; a {@link LaneWorker} then runs the rows. Port-bound in-memory Temporal, the sandbox, a
 * SQLite ledger.
 */
class ImportTaskQueueTest {

  private static final LaneSettings SETTINGS =
      new LaneSettings(Duration.ofHours(1), 1, Duration.ofMillis(50), 1);
  private static final int IMPORT_ROWS = 10;

  @TempDir Path dataDir;

  private final List<AutoCloseable> parts = new ArrayList<>();
  private SandboxServer sandbox;
  private WorkflowClient client;
  private CrmActivities crm;
  private LedgerActivities ledgerActivities;

  @BeforeEach
  void startStack() throws IOException {
    InMemoryTemporal temporal = InMemoryTemporal.start(freePort(), "default");
    parts.add(temporal);
    sandbox = SandboxServer.start(SandboxOptions.defaults().withPort(0));
    parts.add(sandbox);
    HikariDataSource data = LedgerDataSources.open(LedgerDataSources.defaultUrl(dataDir));
    parts.add(data);
    LedgerSchema.create(data);
    ledgerActivities = new LedgerActivitiesImpl(new JdbcLedger(data));
    HubSpotClient hubSpot =
        new HubSpotClient(HubSpotConfig.of(sandbox.baseUrl(), SandboxOptions.DEFAULT_TOKEN));
    parts.add(hubSpot);
    crm = new CrmActivitiesImpl(hubSpot);
    TemporalConnection connection = TemporalConnection.connect(temporal.address(), "default");
    parts.add(connection);
    client = connection.client();
  }

  @AfterEach
  void stopStack() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
  }

  @Test
  void liveEventsSettleWhileImportRowsWaitOnTheirOwnQueueAndALaneWorkerRunsTheRows()
      throws Exception {
    List<String> rowIds = new ArrayList<>();
    try (ImportRowStarter rows = new ImportRowStarter(client, Duration.ofSeconds(10), 1 << 20)) {
      for (int i = 0; i < IMPORT_ROWS; i++) {
        ContactEvent row = event("import:row-" + i, "row" + i + "@example.com");
        assertEquals(true, rows.start(row), "row " + i + " started");
        rowIds.add(row.processingId());
      }
    }

    WorkerFactory liveOnly = liveQueueWorker();
    try (WorkflowStarter relay = new WorkflowStarter(client, Duration.ofSeconds(10), 1 << 20)) {
      for (int i = 0; i < 3; i++) {
        ContactEvent live = event("generic:live-" + i, "live" + i + "@example.com");
        StartOutcome outcome = relay.start(live);
        assertEquals(StartOutcome.Accepted.class, outcome.getClass(), outcome.toString());
        // getResult's timeout is the deadline: a live event queued behind the rows never settles.
        client
            .newUntypedWorkflowStub(live.processingId())
            .getResult(30, TimeUnit.SECONDS, SyncResult.class);
        assertEquals(1, sandbox.contactCount("live" + i + "@example.com"));
      }
    } finally {
      liveOnly.shutdown();
      liveOnly.awaitTermination(10, TimeUnit.SECONDS);
    }
    for (String id : rowIds) {
      List<HistoryEvent> history = client.fetchHistory(id).getHistory().getEventsList();
      assertEquals(
          ContactSyncWorkflow.IMPORT_TASK_QUEUE,
          history.get(0).getWorkflowExecutionStartedEventAttributes().getTaskQueue().getName(),
          id);
      assertFalse(
          history.stream()
              .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED),
          id + " waits for the import queue's worker");
    }
    assertEquals(0, sandbox.contactCount("row0@example.com"));

    try (LaneWorker lane = LaneWorker.start(client, crm, ledgerActivities, SETTINGS)) {
      for (int i = 0; i < IMPORT_ROWS; i++) {
        client
            .newUntypedWorkflowStub(rowIds.get(i))
            .getResult(60, TimeUnit.SECONDS, SyncResult.class);
        assertEquals(1, sandbox.contactCount("row" + i + "@example.com"));
      }
    }
    // A contact has one lock for live and imported events: it runs on the lane's queue.
    List<HistoryEvent> lock =
        client
            .fetchHistory(ContactLockIds.forEmail("row0@example.com"))
            .getHistory()
            .getEventsList();
    assertEquals(
        ContactSyncWorkflow.TASK_QUEUE,
        lock.get(0).getWorkflowExecutionStartedEventAttributes().getTaskQueue().getName());
  }

  /** The lane as it was before the import queue: only {@link ContactSyncWorkflow#TASK_QUEUE}. */
  private WorkerFactory liveQueueWorker() {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(ContactSyncWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationFactory(
        ContactSyncWorkflow.class, () -> new ContactSyncWorkflowImpl(SETTINGS));
    worker.registerWorkflowImplementationTypes(ContactLockWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        crm, ledgerActivities, new ContactLockActivitiesImpl(client));
    factory.start();
    return factory;
  }

  private static ContactEvent event(String processingId, String email) {
    return new ContactEvent(
            processingId,
            processingId.substring(0, processingId.indexOf(':')),
            email,
            Map.of("firstname", email.substring(0, email.indexOf('@'))),
            null,
            "hash-" + processingId)
        .withAcceptedAt(System.currentTimeMillis());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
