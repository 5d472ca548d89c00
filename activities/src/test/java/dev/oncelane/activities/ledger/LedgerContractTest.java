package dev.oncelane.activities.ledger;

import static dev.oncelane.workflows.ledger.SyncStatus.COMPLETED;
import static dev.oncelane.workflows.ledger.SyncStatus.DISCARDED;
import static dev.oncelane.workflows.ledger.SyncStatus.FAILED;
import static dev.oncelane.workflows.ledger.SyncStatus.MANUAL_REVIEW;
import static dev.oncelane.workflows.ledger.SyncStatus.PROCESSING;
import static dev.oncelane.workflows.ledger.SyncStatus.RECEIVED;
import static dev.oncelane.workflows.ledger.SyncStatus.RESOLVED_AFTER_409;
import static dev.oncelane.workflows.ledger.SyncStatus.SKIPPED_DUPLICATE;
import static dev.oncelane.workflows.ledger.SyncStatus.SKIPPED_STALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.imports.ImportManifest;
import dev.oncelane.activities.imports.ImportProgress;
import dev.oncelane.activities.imports.ImportRow;
import dev.oncelane.activities.imports.ImportStore;
import dev.oncelane.activities.imports.UnfinishedRow;
import dev.oncelane.workflows.freshness.Freshness;
import dev.oncelane.workflows.freshness.OrderingKey;
import dev.oncelane.workflows.freshness.PropertyVersion;
import dev.oncelane.workflows.ledger.EventPayload;
import dev.oncelane.workflows.ledger.LedgerActivities;
import dev.oncelane.workflows.ledger.LedgerEntry;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.policy.LanePolicies;
import dev.oncelane.workflows.review.ReviewReason;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.Rerun;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The ledger's behaviour, whatever database holds it. A subclass supplies the {@link DataSource};
 * each test starts from empty tables.
 */
abstract class LedgerContractTest {

  static final long T0 = 1_700_000_000_000L;

  /** The database under test; called before each test, may open it lazily. */
  protected abstract DataSource dataSource();

  @BeforeEach
  void emptyLedger() throws SQLException {
    LedgerSchema.create(dataSource());
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM import_rows");
      statement.executeUpdate("DELETE FROM imports");
      statement.executeUpdate("DELETE FROM property_versions");
      statement.executeUpdate("DELETE FROM sync_transitions");
      statement.executeUpdate("DELETE FROM sync_ledger");
    }
  }

  JdbcLedger ledger() {
    return ledgerAt(T0);
  }

  JdbcLedger ledgerAt(long epochMillis) {
    return new JdbcLedger(
        dataSource(), Clock.fixed(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
  }

  static ContactEvent event(String processingId, String email) {
    return new ContactEvent(
        processingId,
        "typeform",
        email,
        Map.of("firstname", "Ada"),
        "2024-05-01T10:00:00Z",
        "hash-" + processingId);
  }

  /** The entry begin answers for an event made by {@link #event} about ada@example.com. */
  static LedgerEntry adaEntry(String processingId, SyncStatus status, String crmId, int lastSeq) {
    return new LedgerEntry(
        processingId,
        status,
        crmId,
        lastSeq,
        "hash-" + processingId,
        EventPayload.of(event(processingId, "ada@example.com")));
  }

  static Transition step(
      String processingId, int seq, SyncStatus from, SyncStatus to, String crmId, int crmWrites) {
    return new Transition(
        processingId,
        seq,
        from,
        to,
        T0 + seq,
        Transition.LANE_ACTOR,
        null,
        crmId,
        from.code() + " to " + to.code(),
        null,
        crmWrites);
  }

  static Transition reviewStep(
      String processingId, int seq, SyncStatus from, ReviewReason reason, String error) {
    return new Transition(
        processingId,
        seq,
        from,
        MANUAL_REVIEW,
        T0 + seq,
        Transition.LANE_ACTOR,
        reason.code(),
        null,
        "needs a person",
        error,
        1);
  }

  /** Begins {@code id} and records {@code processing → completed} as step 3. */
  Transition completed(String id, String email, String crmId) {
    ledger().begin(event(id, email));
    Transition done = step(id, 3, PROCESSING, COMPLETED, crmId, 1);
    ledger().record(done);
    return done;
  }

  @Test
  void beginRecordsANewEventAsReceivedThenProcessing() {
    LedgerEntry entry = ledger().begin(event("typeform:e1", " Ada@Example.COM "));

    assertEquals(adaEntry("typeform:e1", PROCESSING, null, 2), entry);
    assertEquals(
        List.of(
            new Transition(
                "typeform:e1",
                1,
                null,
                RECEIVED,
                T0,
                "oncelane",
                null,
                null,
                "received from typeform",
                null,
                0),
            new Transition(
                "typeform:e1",
                2,
                RECEIVED,
                PROCESSING,
                T0,
                "oncelane",
                null,
                null,
                "processing started",
                null,
                0)),
        ledger().trail("typeform:e1"));
    assertEquals(
        new LedgerRow(
            "typeform:e1",
            "typeform",
            "contact",
            "ada@example.com",
            PROCESSING,
            null,
            null,
            null,
            0,
            "hash-typeform:e1",
            T0,
            T0,
            new EventPayload(
                "typeform", "ada@example.com", Map.of("firstname", "Ada"), "2024-05-01T10:00:00Z"),
            null),
        ledger().find("typeform:e1").orElseThrow());
  }

  @Test
  void beginKeepsTheEventsAcceptTimeSoAReplayBeyondRetentionSortsWhereTheEventWas() {
    // An imported row: accepted at submit time + its line, begun by the feed a minute later.
    ledgerAt(T0 + 60_000).begin(event("import:k3", "ada@example.com").withAcceptedAt(T0 + 3));
    ledger().begin(event("typeform:e1", "bob@example.com"));

    LedgerRow imported = ledger().find("import:k3").orElseThrow();
    assertEquals(T0 + 3, imported.acceptedAtMillis());
    assertEquals(T0 + 60_000, imported.createdAtMillis());
    assertNull(ledger().find("typeform:e1").orElseThrow().acceptedAtMillis());
  }

  @Test
  void beginAgainChangesNothingAndReportsTheRowAsItStands() {
    LedgerEntry first = ledger().begin(event("typeform:e1", "ada@example.com"));
    LedgerEntry second = ledgerAt(T0 + 1000).begin(event("typeform:e1", "ada@example.com"));

    assertEquals(first, second);
    assertEquals(2, ledger().trail("typeform:e1").size());
    assertEquals(T0, ledger().find("typeform:e1").orElseThrow().updatedAtMillis());
  }

  @Test
  void beginOnASettledEventTellsTheWorkflowItIsALateRedelivery() {
    completed("typeform:e1", "ada@example.com", "101");
    LedgerRow before = ledger().find("typeform:e1").orElseThrow();

    LedgerEntry again = ledgerAt(T0 + 1000).begin(event("typeform:e1", "ada@example.com"));

    assertEquals(adaEntry("typeform:e1", COMPLETED, "101", 3), again);
    assertTrue(again.status().isSettled());
    assertEquals(before, ledger().find("typeform:e1").orElseThrow());
  }

  @Test
  void beginRejectsAnEventWithoutProcessingIdAndWritesNothing() {
    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> ledger().begin(event(" ", "a@example.com")));

    assertEquals(JdbcLedger.INVALID_EVENT, failure.getType());
    assertTrue(failure.isNonRetryable());
    assertEquals(List.of(), ledger().since(0));
  }

  @Test
  void recordsAFullPathToCompletedWithTheCrmId() {
    Transition done = completed("typeform:e1", "ada@example.com", "101");

    LedgerRow row = ledger().find("typeform:e1").orElseThrow();
    assertEquals(COMPLETED, row.status());
    assertEquals("101", row.crmId());
    assertEquals(1, row.attempts());
    List<Transition> trail = ledger().trail("typeform:e1");
    assertEquals(List.of(1, 2, 3), trail.stream().map(Transition::seq).toList());
    assertEquals(done, trail.get(2));
  }

  @Test
  void aStepOffTheGraphFailsWithoutRetryAndWritesNothing() {
    ledger().begin(event("typeform:e1", "ada@example.com"));
    LedgerRow before = ledger().find("typeform:e1").orElseThrow();

    assertIllegal(() -> ledger().record(step("typeform:e1", 3, PROCESSING, DISCARDED, null, 0)));
    assertIllegal(() -> ledger().record(step("typeform:e1", 3, PROCESSING, RECEIVED, null, 0)));

    assertEquals(before, ledger().find("typeform:e1").orElseThrow());
    assertEquals(2, ledger().trail("typeform:e1").size());
  }

  @Test
  void aStepFromAnotherStatusThanTheCurrentOneFailsAndWritesNothing() {
    completed("typeform:e1", "ada@example.com", "101");
    LedgerRow before = ledger().find("typeform:e1").orElseThrow();

    // A legal edge, but the event is no longer where the step starts.
    assertIllegal(() -> ledger().record(step("typeform:e1", 4, PROCESSING, COMPLETED, "102", 2)));

    assertEquals(before, ledger().find("typeform:e1").orElseThrow());
    assertEquals(3, ledger().trail("typeform:e1").size());
  }

  @Test
  void aStepForAnUnknownEventFails() {
    assertIllegal(() -> ledger().record(step("typeform:nobody", 3, PROCESSING, COMPLETED, "1", 1)));

    assertEquals(List.of(), ledger().trail("typeform:nobody"));
  }

  @Test
  void anIllegalStepReachesTheWorkflowAsANonRetryableActivityFailure() {
    ledger().begin(event("typeform:e1", "ada@example.com"));
    TestActivityEnvironment activities = TestActivityEnvironment.newInstance();
    try {
      activities.registerActivitiesImplementations(new LedgerActivitiesImpl(ledger()));
      LedgerActivities stub =
          activities.newActivityStub(
              LedgerActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

      ActivityFailure failure =
          assertThrows(
              ActivityFailure.class,
              () -> stub.record(step("typeform:e1", 3, PROCESSING, DISCARDED, null, 0)));

      ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
      assertEquals(LanePolicies.ILLEGAL_TRANSITION, cause.getType());
      assertTrue(cause.isNonRetryable());
    } finally {
      activities.close();
    }
  }

  @Test
  void theSameStepTwiceIsWrittenOnce() {
    ledger().begin(event("typeform:e1", "ada@example.com"));
    Transition done = step("typeform:e1", 3, PROCESSING, COMPLETED, "101", 1);

    StepWrite first = ledger().record(done);
    StepWrite again = ledger().record(done);

    assertEquals(
        PROCESSING, first.written().orElseThrow().status(), "the row as it stood before the step");
    assertTrue(again.written().isEmpty(), "a step already recorded reports that it wrote nothing");
    assertEquals(3, again.seq());

    assertEquals(3, ledger().trail("typeform:e1").size());
    assertEquals(done, ledger().trail("typeform:e1").get(2));
    LedgerRow row = ledger().find("typeform:e1").orElseThrow();
    assertEquals(COMPLETED, row.status());
    assertEquals("101", row.crmId());
  }

  @Test
  void beginKeepsTheCanonicalEventAndItsHashAndAnswersThemForAKnownKey() {
    completed("typeform:e1", "ada@example.com", "101");

    LedgerEntry again = ledgerAt(T0 + 1000).begin(event("typeform:e1", "ada@example.com"));

    assertEquals("hash-typeform:e1", again.payloadHash());
    assertEquals(
        new EventPayload(
            "typeform", "ada@example.com", Map.of("firstname", "Ada"), "2024-05-01T10:00:00Z"),
        again.payload());
    assertTrue(again.heldAnotherPayloadThan("another-hash"));
  }

  @Test
  void aFailedEventBeganAgainContinuesItsTrailFromFailedToProcessing() {
    ledger().begin(event("typeform:e1", "ada@example.com"));
    ledger().record(failedStep("typeform:e1", 3));
    assertEquals("lane_error", ledger().find("typeform:e1").orElseThrow().reason());

    LedgerEntry again = ledgerAt(T0 + 1000).begin(event("typeform:e1", "ada@example.com"));

    assertEquals(PROCESSING, again.status());
    assertEquals(4, again.lastSeq());
    Transition step = ledger().trail("typeform:e1").get(3);
    assertEquals(FAILED, step.from());
    assertEquals(PROCESSING, step.to());
    assertEquals(Transition.LANE_ACTOR, step.actor());
    LedgerRow row = ledger().find("typeform:e1").orElseThrow();
    assertEquals(PROCESSING, row.status());
    assertNull(row.reason(), "running again clears the failure's reason");
    assertNull(row.errorPayload());
    // The begin of the same run, repeated, changes nothing more.
    assertEquals(again, ledgerAt(T0 + 2000).begin(event("typeform:e1", "ada@example.com")));
    assertEquals(4, ledger().trail("typeform:e1").size());
  }

  @Test
  void anOperatorsRerunOfAFailedEventIsTheirStepInTheSameTrail() {
    ledger().begin(event("typeform:e1", "ada@example.com"));
    ledger().record(failedStep("typeform:e1", 3));

    ledger().begin(event("typeform:e1", "ada@example.com").withRerun(new Rerun("alice", "fixed")));

    Transition step = ledger().trail("typeform:e1").get(3);
    assertEquals("alice", step.actor());
    assertEquals("rerun: fixed (oncelane rerun)", step.detail());
    ledger().record(step("typeform:e1", 5, PROCESSING, COMPLETED, "7", 1));
    assertEquals(COMPLETED, ledger().find("typeform:e1").orElseThrow().status());
  }

  @Test
  void aReplaysRerunOfAFailedEventNamesOncelaneReplayInTheTrail() {
    ledger().begin(event("typeform:e1", "ada@example.com"));
    ledger().record(failedStep("typeform:e1", 3));

    ledger().begin(event("typeform:e1", "ada@example.com").withRerun(Rerun.replay("bob", "back")));

    Transition step = ledger().trail("typeform:e1").get(3);
    assertEquals("bob", step.actor());
    assertEquals("rerun: back (oncelane replay)", step.detail());
  }

  @Test
  void aForcedRerunMovesEverySettledStatusBackToProcessingAsTheOperatorsStep() {
    int n = 0;
    for (SyncStatus settled : List.of(COMPLETED, RESOLVED_AFTER_409, DISCARDED, SKIPPED_STALE)) {
      String id = "typeform:forced-" + n++;
      ledger().begin(event(id, "ada@example.com"));
      if (settled == DISCARDED) {
        ledger().record(reviewStep(id, 3, PROCESSING, ReviewReason.VALIDATION_ERROR, "Bad"));
        ledger().record(step(id, 4, MANUAL_REVIEW, DISCARDED, null, 1));
      } else {
        ledger().record(step(id, 3, PROCESSING, settled, "101", 1));
      }
      int steps = ledger().trail(id).size();

      LedgerEntry again =
          ledgerAt(T0 + 1000)
              .begin(event(id, "ada@example.com").withRerun(Rerun.forced("alice", "CRM restored")));

      assertEquals(PROCESSING, again.status(), settled.code());
      assertEquals(steps + 1, again.lastSeq());
      Transition step = ledger().trail(id).get(steps);
      assertEquals(settled, step.from());
      assertEquals(PROCESSING, step.to());
      assertEquals("alice", step.actor());
      assertEquals("forced rerun: CRM restored", step.detail());
      assertEquals(PROCESSING, ledger().find(id).orElseThrow().status());
      // The run then settles as any run does, on the same trail.
      ledger().record(step(id, again.lastSeq() + 1, PROCESSING, COMPLETED, "101", 1));
      assertEquals(COMPLETED, ledger().find(id).orElseThrow().status());
    }
  }

  @Test
  void aBackfillOfACompletedEventNamesItsPropertiesInTheTrailAndBeginsOnce() {
    completed("typeform:e1", "ada@example.com", "101");
    ContactEvent backfill =
        event("typeform:e1", "ada@example.com")
            .withRerun(Rerun.backfill("alice", null, List.of("firstname", "lastname")));

    LedgerEntry first = ledgerAt(T0 + 1000).begin(backfill);
    LedgerEntry repeated = ledgerAt(T0 + 2000).begin(backfill);

    assertEquals(PROCESSING, first.status());
    assertEquals(first, repeated, "a repeated begin of the same run changes nothing more");
    List<Transition> trail = ledger().trail("typeform:e1");
    assertEquals(4, trail.size());
    assertEquals("backfill: firstname,lastname", trail.get(3).detail());
    assertEquals("101", ledger().find("typeform:e1").orElseThrow().crmId(), "the CRM id stays");
  }

  @Test
  void aSettledEventRerunWithoutForceStaysAsItWas() {
    completed("typeform:e1", "ada@example.com", "101");
    LedgerRow before = ledger().find("typeform:e1").orElseThrow();

    LedgerEntry entry =
        ledgerAt(T0 + 1000)
            .begin(event("typeform:e1", "ada@example.com").withRerun(new Rerun("alice", "why")));

    assertEquals(COMPLETED, entry.status());
    assertEquals(before, ledger().find("typeform:e1").orElseThrow());
    assertEquals(3, ledger().trail("typeform:e1").size());
  }

  @Test
  void aForcedRerunWithAnotherPayloadThanTheSettledOneIsNotRun() {
    completed("typeform:e1", "ada@example.com", "101");
    ContactEvent other =
        new ContactEvent("typeform:e1", "typeform", "eve@example.com", Map.of(), null, "other")
            .withRerun(Rerun.forced("alice", null));

    LedgerEntry entry = ledger().begin(other);

    assertEquals(COMPLETED, entry.status());
    assertTrue(entry.heldAnotherPayloadThan("other"));
    assertEquals(3, ledger().trail("typeform:e1").size());
  }

  @Test
  void aFailedEventDeliveredWithAnotherPayloadIsNotRunAgain() {
    ledger().begin(event("typeform:e1", "ada@example.com"));
    ledger().record(failedStep("typeform:e1", 3));
    ContactEvent other =
        new ContactEvent("typeform:e1", "typeform", "eve@example.com", Map.of(), null, "other");

    LedgerEntry entry = ledger().begin(other);

    assertEquals(FAILED, entry.status());
    assertTrue(entry.heldAnotherPayloadThan("other"));
    assertEquals(3, ledger().trail("typeform:e1").size());
  }

  @Test
  void aStepWrittenAgainWithAnotherStatusIsAppendedAsARewriteAndTheRowFollowsIt() {
    completed("typeform:e1", "ada@example.com", "101");
    // After a Reset the run writes its own step 3, a review, where the ledger has a completion.
    Transition review =
        reviewStep("typeform:e1", 3, PROCESSING, ReviewReason.UNRESOLVED_CONFLICT, "Conflict");

    StepWrite write = ledgerAt(T0 + 100).record(review, "run-2");

    assertEquals(4, write.seq());
    assertEquals(3, write.rewrites());
    assertEquals(COMPLETED, write.written().orElseThrow().status());
    List<Transition> trail = ledger().trail("typeform:e1");
    assertEquals(4, trail.size());
    Transition rewritten = trail.get(3);
    assertEquals(COMPLETED, rewritten.from(), "from the status the row really had");
    assertEquals(MANUAL_REVIEW, rewritten.to());
    assertTrue(
        rewritten
            .detail()
            .startsWith(
                "rewritten: step 3 was processing -> completed (run run-2); needs a person"),
        rewritten.detail());
    assertEquals(Map.of(4, 3), ledger().rewrites("typeform:e1"));
    assertEquals(MANUAL_REVIEW, ledger().find("typeform:e1").orElseThrow().status());

    // The run numbers on from the answer: its next step is 5.
    ledger().record(step("typeform:e1", 5, MANUAL_REVIEW, DISCARDED, null, 1));
    assertEquals(DISCARDED, ledger().find("typeform:e1").orElseThrow().status());
  }

  @Test
  void aRewriteWrittenTwiceIsAppendedOnce() {
    completed("typeform:e1", "ada@example.com", "101");
    Transition review =
        reviewStep("typeform:e1", 3, PROCESSING, ReviewReason.VALIDATION_ERROR, "Bad email");

    StepWrite first = ledger().record(review, "run-2");
    StepWrite retried = ledger().record(review, "run-2");

    assertEquals(4, first.seq());
    assertEquals(4, retried.seq());
    assertTrue(retried.written().isEmpty());
    assertEquals(4, ledger().trail("typeform:e1").size());
  }

  @Test
  void aRewriteOffTheGraphFailsAndWritesNothing() {
    completed("typeform:e1", "ada@example.com", "101");

    assertIllegal(() -> ledger().record(step("typeform:e1", 3, PROCESSING, RECEIVED, null, 0)));

    assertEquals(3, ledger().trail("typeform:e1").size());
    assertEquals(Map.of(), ledger().rewrites("typeform:e1"));
  }

  @Test
  void aLedgerCreatedBeforeThePayloadColumnsGetsThemAndKeepsItsRows() throws SQLException {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("DROP TABLE sync_transitions");
      statement.executeUpdate("DROP TABLE sync_ledger");
      statement.executeUpdate(
          "CREATE TABLE sync_ledger (processing_id TEXT PRIMARY KEY, source TEXT NOT NULL,"
              + " object_type TEXT NOT NULL, object_key TEXT, result_status TEXT NOT NULL,"
              + " crm_id TEXT, reason TEXT, error_payload TEXT,"
              + " attempts INTEGER NOT NULL DEFAULT 0, payload_hash TEXT,"
              + " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)");
      statement.executeUpdate(
          "CREATE TABLE sync_transitions (processing_id TEXT NOT NULL REFERENCES sync_ledger"
              + " (processing_id), seq INTEGER NOT NULL, from_status TEXT, to_status TEXT NOT NULL,"
              + " at BIGINT NOT NULL, actor TEXT NOT NULL, reason TEXT, crm_id TEXT, detail TEXT,"
              + " error_payload TEXT, crm_writes INTEGER NOT NULL DEFAULT 0,"
              + " PRIMARY KEY (processing_id, seq))");
      statement.executeUpdate(
          "INSERT INTO sync_ledger VALUES ('typeform:old', 'typeform', 'contact',"
              + " 'old@example.com', 'failed', NULL, 'lane_error', 'boom', 0, 'h', 1, 1)");
    }

    LedgerSchema.create(dataSource());

    assertNull(ledger().find("typeform:old").orElseThrow().payload());
    LedgerEntry again =
        ledger()
            .begin(
                new ContactEvent(
                    "typeform:old", "typeform", "old@example.com", Map.of(), null, "h"));
    assertEquals(PROCESSING, again.status());
    assertEquals("old@example.com", ledger().find("typeform:old").orElseThrow().payload().email());
    completed("typeform:new", "new@example.com", "1");
    assertEquals(
        4,
        ledger()
            .record(reviewStep("typeform:new", 3, PROCESSING, ReviewReason.OBJECT_GONE, null))
            .seq());
  }

  static Transition failedStep(String processingId, int seq) {
    return new Transition(
        processingId,
        seq,
        PROCESSING,
        FAILED,
        T0 + seq,
        Transition.LANE_ACTOR,
        ReviewReason.LANE_ERROR.code(),
        null,
        "failed: the lane could not handle it",
        "CrmUnexpected: I'm a teapot",
        0);
  }

  /** Races are won by chance; several rounds make a lost race near certain to show. */
  static final int RACE_ROUNDS = 10;

  @Test
  void concurrentCopiesOfTheSameStepWriteItOnce() throws Exception {
    for (int round = 0; round < RACE_ROUNDS; round++) {
      String id = "typeform:race" + round;
      ledger().begin(event(id, "ada@example.com"));
      Transition done = step(id, 3, PROCESSING, COMPLETED, "101", 1);

      repeatConcurrently(8, () -> ledger().record(done));

      assertEquals(3, ledger().trail(id).size());
      assertEquals(done, ledger().trail(id).get(2));
      assertEquals(COMPLETED, ledger().find(id).orElseThrow().status());
    }
  }

  @Test
  void concurrentCopiesOfTheSameBeginCreateOneEvent() throws Exception {
    for (int round = 0; round < RACE_ROUNDS; round++) {
      String id = "typeform:race" + round;
      List<LedgerEntry> entries =
          runConcurrently(8, () -> ledger().begin(event(id, "ada@example.com")));

      assertEquals(List.of(adaEntry(id, PROCESSING, null, 2)), distinct(entries));
      assertEquals(2, ledger().trail(id).size());
    }
    assertEquals(RACE_ROUNDS, ledger().findByObjectKey("ada@example.com").size());
  }

  @Test
  void aSecondReviewRoundIsAllowedAndAnAdoptionClearsTheReviewReason() {
    ledger().begin(event("typeform:e1", "ada@example.com"));
    ledger()
        .record(
            reviewStep("typeform:e1", 3, PROCESSING, ReviewReason.UNRESOLVED_CONFLICT, "Conflict"));
    ledger()
        .record(
            reviewStep(
                "typeform:e1", 4, MANUAL_REVIEW, ReviewReason.VALIDATION_ERROR, "Bad email"));

    LedgerRow inReview = ledger().find("typeform:e1").orElseThrow();
    assertEquals(MANUAL_REVIEW, inReview.status());
    assertEquals("validation_error", inReview.reason());
    assertEquals("Bad email", inReview.errorPayload());

    ledger().record(step("typeform:e1", 5, MANUAL_REVIEW, COMPLETED, "55", 2));

    LedgerRow adopted = ledger().find("typeform:e1").orElseThrow();
    assertEquals(COMPLETED, adopted.status());
    assertEquals("55", adopted.crmId());
    assertNull(adopted.reason());
    assertNull(adopted.errorPayload());
    assertEquals(
        List.of(RECEIVED, PROCESSING, MANUAL_REVIEW, MANUAL_REVIEW, COMPLETED),
        ledger().trail("typeform:e1").stream().map(Transition::to).toList());
  }

  @Test
  void aDiscardedEventKeepsTheReasonItWaitedFor() {
    ledger().begin(event("typeform:e1", "ada@example.com"));
    ledger()
        .record(
            reviewStep("typeform:e1", 3, PROCESSING, ReviewReason.UNRESOLVED_CONFLICT, "Conflict"));
    ledger().record(step("typeform:e1", 4, MANUAL_REVIEW, DISCARDED, null, 1));

    LedgerRow row = ledger().find("typeform:e1").orElseThrow();
    assertEquals(DISCARDED, row.status());
    assertEquals("unresolved_conflict", row.reason());
    assertEquals("Conflict", row.errorPayload());
  }

  @Test
  void aLateRedeliveryIsInTheTrailOnlyAndTheOutcomeStays() {
    completed("typeform:e1", "ada@example.com", "101");
    LedgerRow before = ledger().find("typeform:e1").orElseThrow();

    Transition skipped = step("typeform:e1", 4, COMPLETED, SKIPPED_DUPLICATE, null, 0);
    ledgerAt(T0 + 5000).record(skipped);

    assertEquals(before, ledger().find("typeform:e1").orElseThrow());
    assertEquals(skipped, ledger().trail("typeform:e1").get(3));
    // A later redelivery starts from the trail's end and may be skipped again.
    assertEquals(
        adaEntry("typeform:e1", COMPLETED, "101", 4),
        ledger().begin(event("typeform:e1", "ada@example.com")));
    ledger().record(step("typeform:e1", 5, COMPLETED, SKIPPED_DUPLICATE, null, 0));
    assertEquals(5, ledger().trail("typeform:e1").size());
  }

  @Test
  void aNoteInAnyStatusIsKeptInTheTrailAndLeavesTheRowAsItWas() {
    ledger().begin(event("typeform:e1", "ada@example.com"));
    ledger()
        .record(
            reviewStep("typeform:e1", 3, PROCESSING, ReviewReason.UNRESOLVED_CONFLICT, "Conflict"));
    LedgerRow inReview = ledger().find("typeform:e1").orElseThrow();
    Transition refused =
        new Transition(
            "typeform:e1",
            4,
            MANUAL_REVIEW,
            MANUAL_REVIEW,
            T0 + 4,
            "mallory",
            null,
            null,
            "decision refused: decision has no 'by': say who decided: action=adopt crmId=1",
            null,
            1);

    ledgerAt(T0 + 5000).record(refused);

    assertTrue(refused.recordsANote());
    assertEquals(inReview, ledger().find("typeform:e1").orElseThrow());
    assertEquals(refused, ledger().trail("typeform:e1").get(3));

    // Notes in a status the lane passes through, and in a settled one, are kept the same way.
    completed("typeform:e2", "bob@example.com", "7");
    LedgerRow done = ledger().find("typeform:e2").orElseThrow();
    ledgerAt(T0 + 5000).record(step("typeform:e2", 4, COMPLETED, COMPLETED, null, 1));
    assertEquals(done, ledger().find("typeform:e2").orElseThrow());
    ledger().begin(event("typeform:e3", "cy@example.com"));
    ledger().record(step("typeform:e3", 3, PROCESSING, PROCESSING, null, 0));
    assertEquals(PROCESSING, ledger().find("typeform:e3").orElseThrow().status());
    assertEquals(3, ledger().trail("typeform:e3").size());
  }

  @Test
  void findsEventsByEmailWhateverItsCase() {
    ledgerAt(T0).begin(event("typeform:e1", "Ada@Example.com"));
    ledgerAt(T0 + 1).begin(event("generic:e2", "ada@example.com"));
    ledgerAt(T0 + 2).begin(event("typeform:e3", "bob@example.com"));

    List<LedgerRow> rows = ledger().findByObjectKey("  ADA@example.COM ");

    assertEquals(
        List.of("typeform:e1", "generic:e2"), rows.stream().map(LedgerRow::processingId).toList());
    assertEquals(List.of(), ledger().findByObjectKey("nobody@example.com"));
  }

  @Test
  void openReviewsListsOnlyEventsInReviewLongestWaitingFirst() {
    for (String id : List.of("typeform:a", "typeform:b", "typeform:c")) {
      ledger().begin(event(id, id.substring(9) + "@example.com"));
    }
    ledgerAt(T0 + 200)
        .record(reviewStep("typeform:a", 3, PROCESSING, ReviewReason.OBJECT_GONE, null));
    ledgerAt(T0 + 100)
        .record(reviewStep("typeform:b", 3, PROCESSING, ReviewReason.VALIDATION_ERROR, "x"));
    ledgerAt(T0 + 50).record(step("typeform:c", 3, PROCESSING, COMPLETED, "7", 1));

    assertEquals(
        List.of("typeform:b", "typeform:a"),
        ledger().openReviews().stream().map(LedgerRow::processingId).toList());
  }

  @Test
  void sinceListsEventsChangedFromThatMomentInOrder() {
    ledgerAt(T0).begin(event("typeform:old", "old@example.com"));
    ledgerAt(T0 + 10).begin(event("typeform:new", "new@example.com"));
    ledgerAt(T0 + 20).record(step("typeform:old", 3, PROCESSING, COMPLETED, "1", 1));

    assertEquals(
        List.of("typeform:new", "typeform:old"),
        ledger().since(T0 + 10).stream().map(LedgerRow::processingId).toList());
    assertEquals(
        List.of("typeform:old"),
        ledger().since(T0 + 11).stream().map(LedgerRow::processingId).toList());
  }

  @Test
  void reportReadsCoverEventsCreatedFromThatMomentWithTheirWholeTrails() {
    ledgerAt(T0).begin(event("typeform:old", "old@example.com"));
    ledgerAt(T0 + 10).begin(event("typeform:new", "new@example.com"));
    ledgerAt(T0 + 20)
        .record(reviewStep("typeform:new", 3, PROCESSING, ReviewReason.OBJECT_GONE, null));
    ledgerAt(T0 + 30).record(step("typeform:old", 3, PROCESSING, COMPLETED, "1", 1));

    assertEquals(
        List.of("typeform:new"),
        ledger().createdSince(T0 + 10).stream().map(LedgerRow::processingId).toList());
    assertEquals(
        List.of("typeform:new#1", "typeform:new#2", "typeform:new#3"),
        ledger().trailsCreatedSince(T0 + 10).stream()
            .map(t -> t.processingId() + "#" + t.seq())
            .toList());
    assertEquals(6, ledger().trailsCreatedSince(T0).size());
    assertEquals(1, ledger().countOpenReviews());
  }

  @Test
  void aSelectionChoosesByStatusReasonSourceTimeAndIdsAndCombinesThemWithAnd() {
    ledgerAt(T0).begin(event("typeform:a", "a@example.com"));
    ledgerAt(T0).record(failedStep("typeform:a", 3));
    ledgerAt(T0 + 10).begin(event("typeform:b", "b@example.com"));
    ledgerAt(T0 + 10)
        .record(reviewStep("typeform:b", 3, PROCESSING, ReviewReason.VALIDATION_ERROR, "Bad"));
    ledgerAt(T0 + 10).record(step("typeform:b", 4, MANUAL_REVIEW, DISCARDED, null, 1));
    ledgerAt(T0 + 20)
        .begin(new ContactEvent("generic:c", "generic", "c@example.com", Map.of(), null, "h"));
    ledgerAt(T0 + 20).record(failedStep("generic:c", 3));
    LedgerQuery query = new LedgerQuery(dataSource());

    assertEquals(
        List.of("typeform:a", "generic:c"),
        ids(query.select(EventSelection.builder().status(FAILED).build())));
    assertEquals(
        List.of("typeform:b"),
        ids(query.select(EventSelection.builder().reasons(List.of("validation_error")).build())));
    assertEquals(
        List.of("generic:c"),
        ids(query.select(EventSelection.builder().sources(List.of("generic")).build())));
    assertEquals(
        List.of("typeform:b"),
        ids(
            query.select(
                EventSelection.builder().createdFrom(T0 + 5).createdUntil(T0 + 20).build())));
    assertEquals(
        List.of("typeform:a", "typeform:b"),
        ids(
            query.select(
                EventSelection.builder()
                    .processingIds(List.of("typeform:b", "nobody:x", "typeform:a"))
                    .build())));
    assertEquals(
        List.of("typeform:a"),
        ids(
            query.select(
                EventSelection.builder()
                    .status(FAILED)
                    .status(DISCARDED)
                    .sources(List.of("typeform"))
                    .createdUntil(T0 + 5)
                    .build())));
    assertThrows(
        IllegalArgumentException.class, () -> query.select(EventSelection.builder().build()));
    assertEquals(List.of("generic", "typeform"), query.sources());
  }

  @Test
  void aSelectionOfMoreIdsThanOneQueryTakesIsReadInPartsAndKeptInOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < LedgerQuery.IDS_PER_QUERY * 2 + 7; i++) {
      String id = "typeform:many-%04d".formatted(i);
      ids.add(id);
      ledgerAt(T0 + (i % 3)).begin(event(id, "ada@example.com"));
    }
    java.util.Collections.reverse(ids);

    List<LedgerRow> rows =
        new LedgerQuery(dataSource()).select(EventSelection.builder().processingIds(ids).build());

    assertEquals(ids.size(), rows.size());
    for (int i = 1; i < rows.size(); i++) {
      LedgerRow a = rows.get(i - 1);
      LedgerRow b = rows.get(i);
      assertTrue(
          a.createdAtMillis() < b.createdAtMillis()
              || (a.createdAtMillis() == b.createdAtMillis()
                  && a.processingId().compareTo(b.processingId()) < 0),
          a.processingId() + " before " + b.processingId());
    }
  }

  private static List<String> ids(List<LedgerRow> rows) {
    return rows.stream().map(LedgerRow::processingId).toList();
  }

  @Test
  void attemptsKeepTheHighestCountOfCrmWrites() {
    ledger().begin(event("typeform:e1", "ada@example.com"));
    ledger().record(step("typeform:e1", 3, PROCESSING, MANUAL_REVIEW, null, 2));
    ledger().record(step("typeform:e1", 4, MANUAL_REVIEW, MANUAL_REVIEW, null, 1));
    assertEquals(2, ledger().find("typeform:e1").orElseThrow().attempts());

    ledger().record(step("typeform:e1", 5, MANUAL_REVIEW, COMPLETED, "9", 3));
    assertEquals(3, ledger().find("typeform:e1").orElseThrow().attempts());
  }

  @Test
  void creatingTheSchemaAgainKeepsTheData() {
    completed("typeform:e1", "ada@example.com", "101");
    LedgerRow before = ledger().find("typeform:e1").orElseThrow();

    LedgerSchema.create(dataSource());
    LedgerSchema.create(dataSource());

    assertEquals(before, ledger().find("typeform:e1").orElseThrow());
    assertEquals(3, ledger().trail("typeform:e1").size());
  }

  @Test
  void unknownEventsReadAsEmpty() {
    assertTrue(ledger().find("typeform:nobody").isEmpty());
    assertEquals(List.of(), ledger().trail("typeform:nobody"));
    assertEquals(List.of(), ledger().openReviews());
  }

  // Newest wins: per-property freshness.

  static final OrderingKey AT_9 = new OrderingKey(T0 + 9_000, T0 + 20_000, "generic:evt-1");
  static final OrderingKey AT_10 = new OrderingKey(T0 + 10_000, T0 + 10_000, "generic:evt-9");

  @Test
  void everyPropertyIsFreshForAContactTheLedgerHasNotSeen() {
    Freshness freshness =
        ledger()
            .propertyVersions()
            .freshProperties("ada@example.com", AT_9, Set.of("lastname", "firstname"));

    assertEquals(List.of("firstname", "lastname"), freshness.fresh());
    assertEquals(List.of(), freshness.stale());
  }

  @Test
  void anOlderEventIsToldWhichNewerEventHoldsEachStaleProperty() {
    ledgerAt(T0 + 30_000)
        .propertyVersions()
        .recordWritten("ada@example.com", AT_10, Set.of("firstname"));

    Freshness freshness =
        ledger()
            .propertyVersions()
            .freshProperties(" Ada@Example.com", AT_9, Set.of("firstname", "lastname"));

    assertEquals(List.of("lastname"), freshness.fresh());
    assertEquals(
        List.of(new PropertyVersion("ada@example.com", "firstname", AT_10, T0 + 30_000)),
        freshness.stale());
    assertEquals(
        "firstname kept: newer value from generic:evt-9 at " + AT_10.eventInstant(),
        freshness.describeKept());
  }

  @Test
  void aNewerEventAndTheEventThatWroteAValueBothFindItFresh() {
    ledger().propertyVersions().recordWritten("ada@example.com", AT_9, Set.of("firstname"));

    PropertyVersions versions = ledger().propertyVersions();
    assertEquals(
        List.of("firstname"),
        versions.freshProperties("ada@example.com", AT_10, Set.of("firstname")).fresh());
    assertEquals(
        List.of("firstname"),
        versions.freshProperties("ada@example.com", AT_9, Set.of("firstname")).fresh());
  }

  @Test
  void recordWrittenOnlyMovesForward() {
    PropertyVersions versions = ledger().propertyVersions();

    assertEquals(
        List.of("firstname", "lastname"),
        versions.recordWritten("ada@example.com", AT_10, Set.of("firstname", "lastname")));
    assertEquals(
        List.of("city"),
        versions.recordWritten("ada@example.com", AT_9, Set.of("firstname", "city")));
    assertEquals(List.of(), versions.recordWritten("ada@example.com", AT_10, Set.of("firstname")));

    assertEquals(
        List.of(
            new PropertyVersion("ada@example.com", "city", AT_9, T0),
            new PropertyVersion("ada@example.com", "firstname", AT_10, T0),
            new PropertyVersion("ada@example.com", "lastname", AT_10, T0)),
        versions.of("ada@example.com"));
  }

  @Test
  void equalEventTimesAreOrderedByAcceptTimeThenProcessingId() {
    PropertyVersions versions = ledger().propertyVersions();
    OrderingKey first = new OrderingKey(T0, T0 + 1, "generic:b");
    OrderingKey acceptedLater = new OrderingKey(T0, T0 + 2, "generic:a");
    OrderingKey sameTimesLaterId = new OrderingKey(T0, T0 + 2, "generic:c");

    versions.recordWritten("ada@example.com", first, Set.of("firstname"));
    versions.recordWritten("ada@example.com", acceptedLater, Set.of("firstname"));
    assertEquals(acceptedLater, versions.of("ada@example.com").get(0).key());

    versions.recordWritten("ada@example.com", sameTimesLaterId, Set.of("firstname"));
    assertEquals(sameTimesLaterId, versions.of("ada@example.com").get(0).key());

    versions.recordWritten("ada@example.com", first, Set.of("firstname"));
    assertEquals(sameTimesLaterId, versions.of("ada@example.com").get(0).key());
  }

  @Test
  void concurrentWritersOfOneContactLeaveTheNewestKeyForEveryProperty() throws Exception {
    List<OrderingKey> keys = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      keys.add(new OrderingKey(T0 + (i * 7919L) % 8, T0 + i, "generic:evt-" + i));
    }
    OrderingKey newest = keys.stream().max(OrderingKey::compareTo).orElseThrow();
    AtomicInteger next = new AtomicInteger();

    repeatConcurrently(
        keys.size(),
        () ->
            ledger()
                .propertyVersions()
                .recordWritten(
                    "ada@example.com",
                    keys.get(next.getAndIncrement()),
                    Set.of("firstname", "lastname", "city")));

    List<PropertyVersion> versions = ledger().propertyVersions().of("ada@example.com");
    assertEquals(3, versions.size());
    versions.forEach(version -> assertEquals(newest, version.key(), version.property()));
  }

  @Test
  void freshnessIsAskedAndRecordedThroughTheActivityInterface() {
    LedgerActivities activities = new LedgerActivitiesImpl(ledger());

    activities.recordWritten("ada@example.com", AT_10, Set.of("firstname"));

    assertEquals(
        List.of("firstname"),
        activities.freshProperties("ada@example.com", AT_9, Set.of("firstname")).stale().stream()
            .map(PropertyVersion::property)
            .toList());
  }

  // Imports: the rows of a stored import file, joined with the ledger for its progress.

  static ImportManifest manifest(String importId, int totalRows, int invalidRows) {
    return new ImportManifest(
        importId, "fair", "fair.csv", "ab12", totalRows, invalidRows, "alice", T0);
  }

  static ImportRow importRow(int line, String key, String email) {
    ContactEvent event =
        new ContactEvent(
                "import:" + key,
                "import",
                email,
                Map.of("firstname", "Row" + line),
                "2024-05-01T10:00:00Z",
                "hash-" + key)
            .withAcceptedAt(T0 + line);
    return ImportRow.valid(line, event, email + ",Row" + line);
  }

  /**
   * fair.csv: line 2 a, 3 b, 4 invalid, 5 c, 6 a again, 7 d, 8 e: 7 rows, 1 invalid, 1 repeated, 5
   * events.
   */
  static List<ImportRow> fairRows() {
    return List.of(
        importRow(2, "a", "a@example.com"),
        importRow(3, "b", "b@example.com"),
        ImportRow.invalid(4, "bad email 'bob@'", "bob@,Bob"),
        importRow(5, "c", "c@example.com"),
        importRow(6, "a", "a@example.com"),
        importRow(7, "d", "d@example.com"),
        importRow(8, "e", "e@example.com"));
  }

  ImportStore imports() {
    return new ImportStore(dataSource());
  }

  @Test
  void anImportSavedTwiceIsStoredOnce() {
    assertTrue(imports().save(manifest("fair-ab12", 7, 1), fairRows()));

    assertFalse(imports().save(manifest("fair-ab12", 99, 0), List.of(importRow(9, "z", "z@x.io"))));

    assertEquals(Optional.of(manifest("fair-ab12", 7, 1)), imports().find("fair-ab12"));
    assertEquals(
        List.of(2, 3, 5, 6, 7, 8),
        imports().validRows("fair-ab12", 0, 100).stream().map(ImportRow::line).toList());
    assertEquals(Optional.empty(), imports().find("other-0000"));
  }

  @Test
  void validRowsArePagedByLineWithTheirEventsAsStored() {
    imports().save(manifest("fair-ab12", 7, 1), fairRows());

    List<ImportRow> first = imports().validRows("fair-ab12", 0, 3);
    List<ImportRow> next = imports().validRows("fair-ab12", first.get(2).line(), 3);

    assertEquals(List.of(fairRows().get(0), fairRows().get(1), fairRows().get(3)), first);
    assertEquals(List.of(6, 7, 8), next.stream().map(ImportRow::line).toList());
    assertEquals(List.of(), imports().validRows("fair-ab12", 8, 3));
    assertEquals(T0 + 2, first.get(0).event().acceptedAt());
  }

  @Test
  void progressCountsEachEventOnceByWhereTheLedgerHasIt() {
    imports().save(manifest("fair-ab12", 7, 1), fairRows());
    ImportProgress before = imports().progress("fair-ab12");

    completed("import:a", "a@example.com", "101");
    ledger().begin(event("import:b", "b@example.com"));
    ledger().begin(event("import:c", "c@example.com"));
    ledger()
        .record(reviewStep("import:c", 3, PROCESSING, ReviewReason.VALIDATION_ERROR, "bad value"));
    ledger().begin(event("import:d", "d@example.com"));
    ledger().record(step("import:d", 3, PROCESSING, FAILED, null, 1));

    assertEquals(new ImportProgress("fair-ab12", 7, 1, 1, 5, 0, 0, 0, 0, 0, 0), before);
    ImportProgress after = imports().progress("fair-ab12");
    assertEquals(new ImportProgress("fair-ab12", 7, 1, 1, 1, 1, 1, 1, 1, 0, 0), after);
    assertEquals(5, after.events());
    assertFalse(after.isFinished());
  }

  @Test
  void unfinishedRowsCarryTheirStatusReasonAndCrmMessageInLineOrder() {
    imports().save(manifest("fair-ab12", 7, 1), fairRows());
    completed("import:a", "a@example.com", "101");
    ledger().begin(event("import:b", "b@example.com"));
    ledger().begin(event("import:c", "c@example.com"));
    ledger()
        .record(
            reviewStep(
                "import:c",
                3,
                PROCESSING,
                ReviewReason.VALIDATION_ERROR,
                "Property values were not valid"));
    ledger().begin(event("import:d", "d@example.com"));
    ledger().record(step("import:d", 3, PROCESSING, FAILED, null, 1));

    assertEquals(
        List.of(
            new UnfinishedRow(3, "import:b", "processing", null, null, "b@example.com,Row3"),
            new UnfinishedRow(4, null, "invalid", "bad email 'bob@'", null, "bob@,Bob"),
            new UnfinishedRow(
                5,
                "import:c",
                "manual_review",
                "validation_error",
                "Property values were not valid",
                "c@example.com,Row5"),
            new UnfinishedRow(7, "import:d", "failed", null, null, "d@example.com,Row7"),
            new UnfinishedRow(8, "import:e", "pending", null, null, "e@example.com,Row8")),
        imports().unfinished("fair-ab12"));
  }

  @Test
  void aRefusedEventIsSettledNotCompletedAndListedWithItsReasonWhateverTheLedgerHoldsUnderItsId() {
    imports().save(manifest("fair-ab12", 7, 1), fairRows());
    // Another event ran under import:a's id with other values and completed.
    completed("import:a", "a@example.com", "101");
    completed("import:b", "b@example.com", "102");
    ledger().begin(event("import:c", "c@example.com"));

    imports()
        .refuse(
            "fair-ab12",
            "import:a",
            "key_reused",
            "another event already ran under this key with other values");
    imports().refuse("fair-ab12", "import:e", "input_too_large", "input too large: 9 > 8 bytes");

    ImportProgress progress = imports().progress("fair-ab12");
    assertEquals(new ImportProgress("fair-ab12", 7, 1, 1, 1, 1, 1, 0, 0, 0, 2), progress);
    assertEquals(5, progress.events());
    assertEquals(3, progress.settled());
    String why = "another event already ran under this key with other values";
    assertEquals(
        List.of(
            new UnfinishedRow(2, "import:a", "refused", "key_reused", why, "a@example.com,Row2"),
            new UnfinishedRow(4, null, "invalid", "bad email 'bob@'", null, "bob@,Bob"),
            new UnfinishedRow(5, "import:c", "processing", null, null, "c@example.com,Row5"),
            new UnfinishedRow(6, "import:a", "refused", "key_reused", why, "a@example.com,Row6"),
            new UnfinishedRow(7, "import:d", "pending", null, null, "d@example.com,Row7"),
            new UnfinishedRow(
                8,
                "import:e",
                "refused",
                "input_too_large",
                "input too large: 9 > 8 bytes",
                "e@example.com,Row8")),
        imports().unfinished("fair-ab12"));
    // A refused event never holds the feed's room: it will never settle in the ledger.
    assertEquals(Set.of("import:c", "import:d"), imports().unsettledEvents("fair-ab12", 8));
  }

  @Test
  void unsettledEventsAreTheLinesStartedSoFarNotYetSettledEachOnce() {
    imports().save(manifest("fair-ab12", 7, 1), fairRows());
    completed("import:a", "a@example.com", "101");
    ledger().begin(event("import:b", "b@example.com"));

    assertEquals(Set.of("import:b"), imports().unsettledEvents("fair-ab12", 3));
    assertEquals(Set.of("import:b", "import:c"), imports().unsettledEvents("fair-ab12", 6));
    assertEquals(
        Set.of("import:b", "import:c", "import:d", "import:e"),
        imports().unsettledEvents("fair-ab12", 8));
    assertEquals(Set.of(), imports().unsettledEvents("fair-ab12", 0));
  }

  @Test
  void stillUnsettledKeepsTheIdsTheLedgerHasNotSettled() {
    completed("import:a", "a@example.com", "101");
    ledger().begin(event("import:b", "b@example.com"));
    ledger().begin(event("import:c", "c@example.com"));
    ledger().record(step("import:c", 3, PROCESSING, FAILED, null, 1));

    assertEquals(
        Set.of("import:b", "import:z"),
        imports().stillUnsettled(List.of("import:a", "import:b", "import:c", "import:z")));
    assertEquals(Set.of(), imports().stillUnsettled(List.of()));
  }

  @Test
  void progressOfAnUnknownImportIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> imports().progress("nope-000000000000"));
  }

  static void assertIllegal(Executable call) {
    ApplicationFailure failure = assertThrows(ApplicationFailure.class, call);
    assertEquals(LanePolicies.ILLEGAL_TRANSITION, failure.getType());
    assertTrue(failure.isNonRetryable());
  }

  /** Runs {@code call} on {@code threads} threads released at once; rethrows any failure. */
  static <T> List<T> runConcurrently(int threads, Callable<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  static void repeatConcurrently(int threads, Runnable call) throws Exception {
    runConcurrently(
        threads,
        () -> {
          call.run();
          return null;
        });
  }

  static <T> List<T> distinct(List<T> values) {
    return values.stream().distinct().toList();
  }
}
