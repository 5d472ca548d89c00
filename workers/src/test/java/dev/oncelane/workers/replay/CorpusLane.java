package dev.oncelane.workers.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.crm.CrmActivitiesImpl;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.activities.imports.ImportActivitiesImpl;
import dev.oncelane.activities.imports.ImportProgress;
import dev.oncelane.activities.imports.ImportStore;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerActivitiesImpl;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerSchema;
import dev.oncelane.relay.RelayConfig;
import dev.oncelane.relay.sources.SourceEvent;
import dev.oncelane.relay.start.StartOutcome;
import dev.oncelane.relay.start.WorkflowStarter;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.config.ImportConfig;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workers.worker.LaneWorker;
import dev.oncelane.workers.worker.LaneWorkerOptions;
import dev.oncelane.workflows.imports.ImportFed;
import dev.oncelane.workflows.imports.ImportRequest;
import dev.oncelane.workflows.imports.ImportWorkflow;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.lock.ContactLockIds;
import dev.oncelane.workflows.lock.ContactLockState;
import dev.oncelane.workflows.lock.ContactLockWorkflow;
import dev.oncelane.workflows.policy.LaneSettings;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.SyncResult;
import dev.oncelane.workflows.sync.SyncState;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The lane a recording runs against: a Temporal server (the real dev server), the HubSpot sandbox,
 * a SQLite ledger and the worker's real activities, wired as {@code DevStack} wires them. Events
 * start through the relay's {@link WorkflowStarter}, decisions go in as the {@code resolveReview}
 * Update or the {@code decide} Signal, as the CLI and the Web UI send them.
 */
final class CorpusLane implements AutoCloseable {

  private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private final SandboxServer sandbox;
  private final HubSpotClient otherWriter;
  private final JdbcLedger ledger;
  private final ScenarioCrm crm;
  private final LedgerActivitiesImpl ledgerActivities;
  private final WorkflowClient client;
  private final WorkflowStarter starter;
  private final ImportStore imports;
  private final ImportActivitiesImpl importFeed;

  /**
   * @param temporalAddress the Temporal frontend, {@code host:port}
   * @param dataDir where the SQLite ledger lives
   */
  CorpusLane(String temporalAddress, Path dataDir) {
    try {
      sandbox = keep(SandboxServer.start(SandboxOptions.defaults().withPort(0).withSeed(9)));
      HubSpotConfig crmConfig = HubSpotConfig.of(sandbox.baseUrl(), SandboxOptions.DEFAULT_TOKEN);
      HubSpotClient laneClient = keep(new HubSpotClient(crmConfig));
      otherWriter = keep(new HubSpotClient(crmConfig));
      crm = new ScenarioCrm(CrmActivitiesImpl.withCatalog(laneClient, property -> {}));

      HikariDataSource ledgerData =
          keep(LedgerDataSources.open(LedgerDataSources.defaultUrl(dataDir)));
      LedgerSchema.create(ledgerData);
      ledger = new JdbcLedger(ledgerData);
      ledgerActivities = new LedgerActivitiesImpl(ledger);

      TemporalConnection connection = keep(TemporalConnection.connect(temporalAddress, "default"));
      client = connection.client();
      starter =
          keep(
              new WorkflowStarter(
                  client, Duration.ofSeconds(10), RelayConfig.DEFAULT_MAX_INPUT_BYTES));
      imports = new ImportStore(ledgerData);
      // Rounds of 1 s (not the production minute) so an import's history holds several.
      importFeed =
          new ImportActivitiesImpl(
              imports,
              event -> starter.start(event) instanceof StartOutcome.Accepted,
              ImportConfig.DEFAULT_MAX_IN_FLIGHT,
              Duration.ofSeconds(1),
              Duration.ofMillis(200),
              Clock.systemUTC());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** A worker with the given settings, for one scenario; the caller closes it. */
  LaneWorker startWorker(LaneSettings settings) {
    return LaneWorker.start(
        client,
        crm,
        ledgerActivities,
        settings,
        LaneWorkerOptions.defaults().withImports(importFeed));
  }

  /** The ledger's import tables. */
  ImportStore imports() {
    return imports;
  }

  /** Starts the import workflow for a stored import, as {@code oncelane import} does. */
  WorkflowExecution startImport(String importId, int maxInFlight) {
    ImportWorkflow workflow =
        client.newWorkflowStub(
            ImportWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ImportWorkflow.workflowId(importId))
                .setTaskQueue(ContactSyncWorkflow.TASK_QUEUE)
                .build());
    return WorkflowClient.start(workflow::run, ImportRequest.begin(importId, maxInFlight));
  }

  /** Waits for the import run's result. */
  ImportFed expectImportFed(WorkflowExecution run) {
    try {
      return client
          .newUntypedWorkflowStub(
              run.getWorkflowId(), Optional.of(run.getRunId()), Optional.empty())
          .getResult(SETTLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS, ImportFed.class);
    } catch (TimeoutException e) {
      throw new AssertionError(run.getWorkflowId() + " did not close in " + SETTLE_TIMEOUT, e);
    }
  }

  /** Waits until no event of the import is pending or processing, and returns its progress. */
  ImportProgress awaitImportFinished(String importId) {
    Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
    ImportProgress progress = imports.progress(importId);
    while (!progress.isFinished()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(importId + " did not finish; last " + progress);
      }
      pause();
      progress = imports.progress(importId);
    }
    return progress;
  }

  /** Empties the sandbox and its faults, and quiets the world, before a scenario. */
  void resetWorld() {
    crm.world(ScenarioCrm.World.QUIET);
    sandbox.setFaults(FaultConfig.none());
    sandbox.reset();
  }

  SandboxServer sandbox() {
    return sandbox;
  }

  /** Sets what happens in the CRM around the lane's calls. */
  void world(ScenarioCrm.World world) {
    crm.world(world);
  }

  /** A generic-source event as the relay builds it, with its payload hash. */
  ContactEvent event(String key, String email, Map<String, String> properties) {
    return new SourceEvent(key, email, properties, null).toContactEvent("generic");
  }

  /**
   * As {@link #event(String, String, Map)}, with the source's event time and the relay's accept
   * time (now), as the relay stamps it.
   */
  ContactEvent event(String key, String email, Map<String, String> properties, String occurredAt) {
    return new SourceEvent(key, email, properties, occurredAt)
        .toContactEvent("generic")
        .withAcceptedAt(System.currentTimeMillis());
  }

  /** Starts the event as the relay does and returns its run. */
  WorkflowExecution start(ContactEvent event) {
    StartOutcome outcome = starter.start(event);
    StartOutcome.Accepted accepted = assertInstanceOf(StartOutcome.Accepted.class, outcome);
    return WorkflowExecution.newBuilder()
        .setWorkflowId(accepted.workflowId())
        .setRunId(accepted.runId())
        .build();
  }

  /**
   * Starts the event again under its closed workflow id, as a redelivery does once Temporal has
   * forgotten the id after the namespace retention (the relay refuses a completed run's id only
   * within it).
   */
  WorkflowExecution startAfterRetention(ContactEvent event) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(event.processingId())
            .setTaskQueue(ContactSyncWorkflow.TASK_QUEUE)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setMemo(Map.of(WorkflowStarter.PAYLOAD_HASH_MEMO, event.payloadHash()))
            .build();
    ContactSyncWorkflow stub = client.newWorkflowStub(ContactSyncWorkflow.class, options);
    return WorkflowClient.start(stub::sync, event);
  }

  /** Waits for the run's result and checks its status. */
  SyncResult expectResult(WorkflowExecution run, SyncStatus expected) {
    SyncResult result;
    try {
      result =
          client
              .newUntypedWorkflowStub(
                  run.getWorkflowId(), Optional.of(run.getRunId()), Optional.empty())
              .getResult(SETTLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS, SyncResult.class);
    } catch (TimeoutException e) {
      throw new AssertionError(run.getWorkflowId() + " did not close in " + SETTLE_TIMEOUT, e);
    }
    assertEquals(expected, result.status(), () -> "result of " + run.getWorkflowId());
    return result;
  }

  /** Asks Temporal to cancel the run, as {@code temporal workflow cancel} does. */
  void cancel(WorkflowExecution run) {
    client
        .newUntypedWorkflowStub(run.getWorkflowId(), Optional.of(run.getRunId()), Optional.empty())
        .cancel();
  }

  /**
   * Ends the latest run of {@code workflowId} at once, as {@code temporal workflow terminate} does:
   * no workflow code runs after it, so nothing is released or withdrawn.
   */
  void terminate(String workflowId) {
    client
        .newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty())
        .terminate("recording: ended from outside");
  }

  /** Waits until {@code email}'s lock lists {@code run} among its waiters (its state query). */
  void awaitLockWaiter(String email, WorkflowExecution run) {
    ContactLockWorkflow lock =
        client.newWorkflowStub(ContactLockWorkflow.class, ContactLockIds.forEmail(email));
    Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
    while (true) {
      ContactLockState state = lock.state();
      if (state.waiters().stream().anyMatch(w -> w.holderRunId().equals(run.getRunId()))) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(run.getWorkflowId() + " never waited for " + email + "'s lock");
      }
      pause();
    }
  }

  /** Waits until the run has closed, whatever its end. */
  void awaitClosed(WorkflowExecution run) {
    Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      var status =
          client
              .newUntypedWorkflowStub(
                  run.getWorkflowId(), Optional.of(run.getRunId()), Optional.empty())
              .describe()
              .getStatus();
      if (status
          != io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return;
      }
      pause();
    }
    throw new AssertionError(run.getWorkflowId() + " did not close in " + SETTLE_TIMEOUT);
  }

  /** Waits until the workflow says it waits for a person (its {@code state} query). */
  SyncState awaitReview(String workflowId) {
    ContactSyncWorkflow workflow = client.newWorkflowStub(ContactSyncWorkflow.class, workflowId);
    Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
    SyncState state = null;
    while (Instant.now().isBefore(deadline)) {
      state = workflow.state();
      if (state.status() == SyncStatus.MANUAL_REVIEW) {
        return state;
      }
      pause();
    }
    throw new AssertionError(workflowId + " never reached manual_review; last state " + state);
  }

  /**
   * Sends the decision as the {@code resolveReview} Update (the CLI's way) and returns its answer.
   */
  SyncResult decideByUpdate(String workflowId, ReviewDecision decision) {
    return client.newWorkflowStub(ContactSyncWorkflow.class, workflowId).decide(decision);
  }

  /** Sends a decision the workflow accepts and then refuses (e.g. adopting an unknown id). */
  WorkflowUpdateException refusedByUpdate(String workflowId, ReviewDecision decision) {
    return assertThrows(WorkflowUpdateException.class, () -> decideByUpdate(workflowId, decision));
  }

  /** Sends the decision as the {@code decide} Signal (the Web UI's and temporal CLI's way). */
  void decideBySignal(String workflowId, ReviewDecision decision) {
    client.newWorkflowStub(ContactSyncWorkflow.class, workflowId).decideSignal(decision);
  }

  /** Creates a contact as another writer would, and returns its id. */
  String otherWriterCreates(String email, Map<String, String> properties) {
    Map<String, String> all = new TreeMap<>(properties);
    all.put("email", email);
    return otherWriter.createContact(all).id();
  }

  /** Makes calls that count against the sandbox's rate limit. */
  void otherWriterReads(int calls) {
    for (int i = 0; i < calls; i++) {
      otherWriter.findContactByEmail("someone-else-" + i + "@example.com");
    }
  }

  /** Plants a contact whose email conflicts on create but that no read can see. */
  void hideContact(String email) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/__sandbox/hidden-contacts"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\"}"))
            .build();
    try {
      int status =
          HttpClient.newHttpClient()
              .send(request, HttpResponse.BodyHandlers.discarding())
              .statusCode();
      if (status >= 300) {
        throw new IllegalStateException("the sandbox refused to hide " + email + ": " + status);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The statuses the ledger trail moved through, step by step. */
  List<SyncStatus> ledgerStatuses(String processingId) {
    return ledger.trail(processingId).stream().map(Transition::to).toList();
  }

  /**
   * Waits for the latest run of {@code workflowId} to close (at most {@link #SETTLE_TIMEOUT}) and
   * returns it.
   */
  WorkflowExecution awaitClosed(String workflowId) {
    try {
      client
          .newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty())
          .getResult(SETTLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS, Void.class);
    } catch (TimeoutException e) {
      throw new AssertionError(workflowId + " did not close within " + SETTLE_TIMEOUT, e);
    }
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build())
        .getWorkflowExecutionInfo()
        .getExecution();
  }

  WorkflowExecutionHistory history(WorkflowExecution run) {
    return client.fetchHistory(run.getWorkflowId(), run.getRunId());
  }

  /** The highest attempt at which an activity of this type started, in the run's history. */
  int lastAttempt(WorkflowExecution run, String activityType) {
    List<HistoryEvent> events = history(run).getEvents();
    int attempt = 0;
    for (HistoryEvent event : events) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        long scheduledId = event.getActivityTaskStartedEventAttributes().getScheduledEventId();
        HistoryEvent scheduled = events.get((int) scheduledId - 1);
        String type =
            scheduled.getActivityTaskScheduledEventAttributes().getActivityType().getName();
        if (type.equals(activityType)) {
          attempt = Math.max(attempt, event.getActivityTaskStartedEventAttributes().getAttempt());
        }
      }
    }
    return attempt;
  }

  /** Waits until the run's history holds a signal of this name. */
  void awaitSignalRecorded(WorkflowExecution run, String signalName) {
    Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
    while (history(run).getEvents().stream()
        .noneMatch(
            e ->
                e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
                    && e.getWorkflowExecutionSignaledEventAttributes()
                        .getSignalName()
                        .equals(signalName))) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(signalName + " never reached " + run.getWorkflowId());
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }

  private <T extends AutoCloseable> T keep(T part) {
    parts.push(part);
    return part;
  }

  @Override
  public void close() {
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        System.err.println("while stopping the corpus lane: " + e);
      }
    }
  }
}
