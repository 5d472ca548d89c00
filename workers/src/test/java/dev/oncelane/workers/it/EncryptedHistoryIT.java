package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.workers.codec.AesGcmPayloadCodec;
import dev.oncelane.workers.codec.CodecKeys;
import dev.oncelane.workers.codec.PayloadEncryption;
import dev.oncelane.workers.temporal.TemporalCliServer;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.policy.LaneSettings;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.review.ReviewReason;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.ContactSyncWorkflowImpl;
import dev.oncelane.workflows.sync.SyncResult;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import io.temporal.internal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personal data stays encrypted in a real {@code temporal server start-dev}: histories written with
 * the payload codec hold no email or name in clear (the raw protobuf bytes the server stores and
 * serves are scanned), a history written before encryption was switched on still runs to its end,
 * the worker's log names no email, and a history recorded under key A replays after a rotation to
 * key B.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptedHistoryIT {

  private static final Duration PARKS = Duration.ofSeconds(90);
  private static final String KEY_A = CodecKeys.generateKey();
  private static final String KEY_B = CodecKeys.generateKey();

  /** What the events carry and nothing in Temporal may show in clear. */
  private static final List<String> PERSONAL =
      List.of(
          "grace.hopper@example.com",
          "Gracelyn",
          "Hopperton",
          "hidden.person@example.com",
          "Hiddenia",
          "found.again@example.com",
          "Signalia",
          "wrong@@example.com",
          "@example.com");

  @TempDir static Path dataDir;

  private TemporalCliServer temporal;
  private RealServerLane lane;
  private final ByteArrayOutputStream workerLog = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeAll
  void writeHistories() throws Exception {
    temporal = RealTemporal.start(dataDir.resolve("temporal"));

    // Before encryption is switched on: the relay starts an event in clear, no worker runs yet.
    try (RealServerLane plain =
        RealServerLane.start(
            dataDir.resolve("plain"),
            temporal.address(),
            FaultConfig.none(),
            RealServerLane.Worker.ELSEWHERE)) {
      assertEquals(
          202,
          plain
              .sender()
              .deliver(
                  "enc-before",
                  WebhookSender.event("before.switch@exemplar.test", Map.of("firstname", "Olde")))
              .status());
    }

    originalErr = System.err;
    System.setErr(new PrintStream(new Tee(originalErr, workerLog), true, StandardCharsets.UTF_8));

    DataConverter underKeyA =
        PayloadEncryption.dataConverter(CodecKeys.parse("key-a:" + KEY_A, "key-a"));
    lane =
        RealServerLane.start(
            dataDir,
            temporal.address(),
            FaultConfig.none(),
            RealServerLane.Worker.IN_PROCESS,
            underKeyA);
    WebhookSender sender = lane.sender();
    lane.hideContact("hidden.person@example.com");
    assertEquals(
        202,
        sender
            .deliver(
                "enc-grace",
                WebhookSender.event(
                    "grace.hopper@example.com",
                    Map.of("firstname", "Gracelyn", "lastname", "Hopperton")))
            .status());
    assertEquals(
        202,
        sender
            .deliver(
                "enc-hidden",
                WebhookSender.event("hidden.person@example.com", Map.of("firstname", "Hiddenia")))
            .status());
    assertEquals(
        202,
        sender
            .deliver("enc-invalid", WebhookSender.event("wrong@@example.com", Map.of()))
            .status());

    assertEquals(SyncStatus.COMPLETED, lane.awaitSettled("generic:enc-grace", PARKS).status());
    assertEquals(
        SyncStatus.COMPLETED,
        lane.awaitSettled("generic:enc-before", PARKS).status(),
        "an event started before encryption runs to its end under the codec");
    awaitReview("generic:enc-invalid", ReviewReason.VALIDATION_ERROR);
    awaitReview("generic:enc-hidden", ReviewReason.UNRESOLVED_CONFLICT);

    // A malformed decision by signal (no "by"): ignored and logged, but in the history.
    WorkflowStub.fromTyped(
            lane.client().newWorkflowStub(ContactSyncWorkflow.class, "generic:enc-hidden"))
        .signal(
            ContactSyncWorkflow.DECIDE_SIGNAL,
            new ReviewDecision(
                "retry", null, Map.of("email", "found.again@example.com"), null, null, "Signalia"));
    SyncResult decided =
        lane.client()
            .newWorkflowStub(ContactSyncWorkflow.class, "generic:enc-hidden")
            .decide(
                ReviewDecision.retry(
                    Map.of("email", "found.again@example.com", "firstname", "Hiddenia"),
                    "encryption-it",
                    "Hiddenia called"));
    assertTrue(decided.status().isSettled(), decided.toString());
    lane.client()
        .newWorkflowStub(ContactSyncWorkflow.class, "generic:enc-invalid")
        .decide(ReviewDecision.discard("wrong@@example.com is no address", "encryption-it", null));
  }

  @AfterAll
  void stop() {
    if (originalErr != null) {
      System.setErr(originalErr);
    }
    if (lane != null) {
      lane.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  @Test
  void theRawHistoriesOnTheServerHoldNoEmailOrNameInClear() {
    for (String id : List.of("generic:enc-grace", "generic:enc-hidden", "generic:enc-invalid")) {
      History history = rawHistory(id);
      String bytes = new String(history.toByteArray(), StandardCharsets.ISO_8859_1);
      for (String personal : PERSONAL) {
        assertFalse(bytes.contains(personal), id + "'s history shows " + personal + " in clear");
      }
      HistoryEvent started = history.getEvents(0);
      assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, started.getEventType());
      var attributes = started.getWorkflowExecutionStartedEventAttributes();
      assertTrue(AesGcmPayloadCodec.isEncrypted(attributes.getInput().getPayloads(0)), id);
      for (Payload memo : attributes.getMemo().getFieldsMap().values()) {
        assertTrue(AesGcmPayloadCodec.isEncrypted(memo), id + "'s memo is encrypted");
      }
    }
    // The scan finds what is there: the event started before the switch is in clear.
    String before =
        new String(rawHistory("generic:enc-before").toByteArray(), StandardCharsets.ISO_8859_1);
    assertTrue(before.contains("before.switch@exemplar.test"), "the scan can see clear text");
  }

  @Test
  void theWorkersLogNamesNoEmailOrName() {
    String log = workerLog.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("refused decision signal"), "the refused signal was logged: " + log);
    for (String personal : PERSONAL) {
      assertFalse(log.contains(personal), "the log shows " + personal + ":\n" + log);
    }
  }

  @Test
  void aHistoryRecordedUnderKeyAReplaysAfterRotatingToKeyBAndNotWithoutKeyA() throws Exception {
    WorkflowExecutionHistory history = lane.client().fetchHistory("generic:enc-hidden");

    replay(history, CodecKeys.parse("key-a:" + KEY_A + ",key-b:" + KEY_B, "key-b"));

    assertThrows(
        Exception.class,
        () -> replay(history, CodecKeys.parse("key-b:" + KEY_B, "key-b")),
        "without key A the history cannot be read");
  }

  private static void replay(WorkflowExecutionHistory history, CodecKeys keys) throws Exception {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(PayloadEncryption.dataConverter(keys))
                        .build())
                .build());
    try {
      Worker worker = env.newWorker(ContactSyncWorkflow.TASK_QUEUE);
      worker.registerWorkflowImplementationFactory(
          ContactSyncWorkflow.class, () -> new ContactSyncWorkflowImpl(LaneSettings.defaults()));
      WorkflowReplayer.replayWorkflowExecution(history, worker);
    } finally {
      env.close();
    }
  }

  /** The history as the server stores and serves it: protobuf, payloads as written. */
  private History rawHistory(String workflowId) {
    GetWorkflowExecutionHistoryResponse response =
        lane.client()
            .getWorkflowServiceStubs()
            .blockingStub()
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace("default")
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .setMaximumPageSize(1000)
                    .build());
    assertTrue(response.getNextPageToken().isEmpty(), "one page holds the whole history");
    return response.getHistory();
  }

  private void awaitReview(String processingId, ReviewReason reason) {
    Deadlines.awaitTrue(
        processingId + " parking in manual review",
        PARKS,
        () ->
            lane.ledger()
                .find(processingId)
                .filter(r -> r.status() == SyncStatus.MANUAL_REVIEW)
                .filter(r -> reason.code().equals(r.reason()))
                .isPresent(),
        () -> String.valueOf(lane.ledger().find(processingId).orElse(null)));
  }

  /** Writes to the console and keeps a copy, so the test reads what the worker logged. */
  private static final class Tee extends OutputStream {
    private final OutputStream console;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream console, ByteArrayOutputStream copy) {
      this.console = console;
      this.copy = copy;
    }

    @Override
    public void write(int b) {
      synchronized (copy) {
        copy.write(b);
      }
      try {
        console.write(b);
      } catch (java.io.IOException e) {
        // The console is best effort; the copy is what the test reads.
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (copy) {
        copy.write(b, off, len);
      }
      try {
        console.write(b, off, len);
      } catch (java.io.IOException e) {
        // As above.
      }
    }
  }
}
