package dev.oncelane.workers.replay;

import static dev.oncelane.workflows.ledger.SyncStatus.COMPLETED;
import static dev.oncelane.workflows.ledger.SyncStatus.DISCARDED;
import static dev.oncelane.workflows.ledger.SyncStatus.FAILED;
import static dev.oncelane.workflows.ledger.SyncStatus.MANUAL_REVIEW;
import static dev.oncelane.workflows.ledger.SyncStatus.PROCESSING;
import static dev.oncelane.workflows.ledger.SyncStatus.RECEIVED;
import static dev.oncelane.workflows.ledger.SyncStatus.RESOLVED_AFTER_409;
import static dev.oncelane.workflows.ledger.SyncStatus.SKIPPED_DUPLICATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.imports.ImportManifest;
import dev.oncelane.activities.imports.ImportProgress;
import dev.oncelane.activities.imports.ImportRow;
import dev.oncelane.relay.sources.SourceEvent;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.workers.replay.ScenarioCrm.Call;
import dev.oncelane.workflows.imports.ImportFed;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.lock.ContactLockIds;
import dev.oncelane.workflows.policy.LaneOrdering;
import dev.oncelane.workflows.policy.LaneSettings;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.review.ReviewReason;
import dev.oncelane.workflows.sync.ContactEvent;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.SyncResult;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every path the lane can take, as recording scenarios. Each drives one event through the lane and
 * checks that it took the path its name says (result, ledger trail, and where it matters the
 * retries in the history), so a recorded history is known to be of that path.
 */
final class CorpusScenarios {

  /**
   * The production counts (lookups after a 409, after a 404) with a short wait between lookups; a
   * review waits the production 14 days unless a scenario says otherwise. Durations are not part of
   * what replay compares, counts are.
   */
  static final LaneSettings RECORDING =
      new LaneSettings(
          LaneSettings.defaults().reviewTimeout(),
          LaneSettings.defaults().conflictRelookups(),
          Duration.ofMillis(200),
          LaneSettings.defaults().goneRelookups());

  private static final String GHOST = "ghost@example.com";

  private CorpusScenarios() {}

  static List<CorpusScenario> all() {
    return List.of(
        scenario("create", "not found → create → completed", CorpusScenarios::create),
        scenario("found-update", "found → update → completed", CorpusScenarios::foundUpdate),
        scenario(
            "conflict-409-with-id",
            "another writer creates between lookup and create → 409 naming the id → update"
                + " → resolved_after_409",
            CorpusScenarios::conflictWithId),
        scenario(
            "conflict-409-after-lost-answer",
            "create committed but its answer lost → retried → 409 naming the id → update →"
                + " resolved_after_409",
            CorpusScenarios::conflictAfterLostAnswer),
        scenario(
            "conflict-409-no-id-relookup-resolves",
            "409 naming no id → lookup again finds it → update → resolved_after_409",
            CorpusScenarios::conflictRelookupResolves),
        scenario(
            "review-unresolved-adopt-update",
            "409 unresolved → manual_review → adopt (Update) → resolved_after_409",
            CorpusScenarios::reviewAdoptUpdate),
        scenario(
            "review-unresolved-retry-corrections-signal",
            "409 unresolved → manual_review → retry with a corrected email (Signal) → create →"
                + " completed",
            CorpusScenarios::reviewRetrySignal),
        scenario(
            "review-unresolved-discard-update",
            "409 unresolved → manual_review → discard (Update) → discarded",
            CorpusScenarios::reviewDiscardUpdate),
        scenario(
            "review-unresolved-adopt-refused-update-then-adopt-signal",
            "409 unresolved → manual_review → adopt of an unknown id refused (Update) →"
                + " manual_review → adopt (Signal) → resolved_after_409",
            CorpusScenarios::reviewRefusedAdoptThenSignal),
        scenario(
            "review-unresolved-malformed-signal-ignored-then-discard-update",
            "409 unresolved → manual_review → malformed decide signal ignored → discard (Update)"
                + " → discarded",
            CorpusScenarios::reviewMalformedSignalIgnored),
        scenario(
            "review-validation-retry-corrections-signal",
            "invalid email → create 400 → manual_review (validation_error) → retry with the"
                + " corrected email (Signal) → completed",
            CorpusScenarios::validationRetrySignal),
        scenario(
            "update-404-relookup-resolves",
            "found → update 404 (contact gone) → lookup again finds its successor → update →"
                + " completed",
            CorpusScenarios::updateGoneRelookupResolves),
        scenario(
            "update-404-object-gone-review-discard-signal",
            "found → update 404 → lookup again finds none → manual_review (object_gone) →"
                + " discard (Signal) → discarded",
            CorpusScenarios::updateGoneReviewDiscard),
        scenario(
            "rate-limited-429-retried",
            "lookup answered 429 → retried after the rate-limit window → create → completed",
            CorpusScenarios::rateLimitedRetried),
        new CorpusScenario(
            "review-expired",
            "409 unresolved → manual_review → nobody decides → failed (review_expired)",
            RECORDING.withReviewTimeout(Duration.ofSeconds(2)),
            CorpusScenarios::reviewExpired),
        scenario(
            "late-redelivery-skipped-duplicate",
            "redelivered after Temporal forgot the id, ledger already settled →"
                + " skipped_duplicate, no CRM call",
            CorpusScenarios::lateRedeliverySkipped),
        scenario(
            "key-reused-review-retry-update",
            "completed, then redelivered after retention with another payload → manual_review"
                + " (key_reused) → retry (Update) applies it → completed",
            CorpusScenarios::keyReusedRetryUpdate),
        scenario(
            "key-reused-review-discard-signal",
            "completed, then redelivered after retention with another payload → manual_review"
                + " (key_reused) → discard (Signal) → discarded",
            CorpusScenarios::keyReusedDiscardSignal),
        scenario(
            "cancelled-in-review-ends-failed",
            "409 unresolved → manual_review → run cancelled → failed (lane_error) in the ledger,"
                + " run canceled",
            CorpusScenarios::cancelledInReviewEndsFailed),
        scenario(
            "failed-delivered-again-runs-again",
            "failed (cancelled in review), delivered again → a new run: failed → processing → 409"
                + " unresolved → manual_review → discard (Update) → discarded",
            CorpusScenarios::failedDeliveredAgainRunsAgain),
        scenario(
            "newest-wins-older-event-keeps-newer-property",
            "a newer event settled; an older one arrives → lock → fresh properties only →"
                + " update of the rest → completed (firstname kept)",
            CorpusScenarios::olderEventKeepsNewerProperty),
        scenario(
            "newest-wins-every-property-newer-skipped-stale",
            "a newer event settled; an older one with no newer property arrives → lock →"
                + " nothing fresh → skipped_stale, no CRM call",
            CorpusScenarios::everyPropertyNewerSkippedStale),
        scenario(
            "newest-wins-review-retry-after-newer-settled",
            "invalid email → manual_review (lock released) → a newer event for the corrected"
                + " email settles → retry with the corrected email (Signal) → lock again → fresh"
                + " properties only → completed (firstname kept)",
            CorpusScenarios::reviewRetryAfterNewerSettled),
        scenario(
            "catalog-dropped-property-not-recorded",
            "not found → create with a property the CRM lacks (dropped by the catalog) →"
                + " completed; only the properties the CRM took are recorded as written",
            CorpusScenarios::droppedPropertyNotRecorded),
        new CorpusScenario(
            "create-without-newest-wins",
            "the benchmark's lane without newest wins (LaneSettings.ordering LAST_WRITER_WINS,"
                + " recorded in the settings' side effect): not found → create, no lock, no"
                + " freshness → completed",
            RECORDING.withOrdering(LaneOrdering.LAST_WRITER_WINS),
            CorpusScenarios::createWithoutNewestWins),
        scenario(
            "contact-lock-idle-completion",
            "the ContactLock workflow (not ContactSync): an event's request → grant → release →"
                + " nobody else asks within the idle linger → the lock run completes",
            CorpusScenarios::contactLockIdleCompletion),
        scenario(
            "import-rows-fed-within-max-in-flight",
            "the ImportWorkflow (not ContactSync): a stored import of 6 rows (one invalid, one"
                + " repeated) fed with at most 2 events unsettled, in feed rounds of 1 s → 4 rows"
                + " started, the repeat a duplicate, every event completed",
            CorpusScenarios::importRowsFed),
        scenario(
            "lock-cancelled-while-waiting-withdraws",
            "lock-release-every-path-v1: an event waits for the contact's lock another event holds"
                + " → cancelled while waiting → withdraws its request (release signal) → failed",
            CorpusScenarios::cancelledWhileWaitingWithdraws),
        scenario(
            "lock-grant-to-gone-holder-skipped",
            "lock-release-every-path-v1, the ContactLock workflow: the waiter granted next was"
                + " terminated → the grant's signal fails (not found) → skipped → the next waiter"
                + " is granted → released → idle → the lock run completes",
            CorpusScenarios::grantToGoneHolderSkipped),
        scenario(
            "lock-gone-at-release-counts-released",
            "lock-release-every-path-v1: the contact's lock is terminated while the event holds it"
                + " → create → the release signal fails (not found) → counted as released →"
                + " completed",
            CorpusScenarios::lockGoneAtReleaseCountsReleased));
  }

  private static WorkflowExecution importRowsFed(CorpusLane lane) {
    String importId = "corpus-import-000000000001";
    List<ImportRow> rows =
        List.of(
            importRow(lane, 2, "pia@example.com", "Pia"),
            importRow(lane, 3, "rex@example.com", "Rex"),
            ImportRow.invalid(4, "bad email 'sam@'", "sam@,Sam"),
            importRow(lane, 5, "tom@example.com", "Tom"),
            importRow(lane, 6, "pia@example.com", "Pia"),
            importRow(lane, 7, "uma@example.com", "Uma"));
    lane.imports()
        .save(
            new ImportManifest(
                importId,
                "corpus",
                "corpus.csv",
                "00",
                6,
                1,
                "recorder",
                System.currentTimeMillis()),
            rows);
    WorkflowExecution run = lane.startImport(importId, 2);
    assertEquals(new ImportFed(importId, 4, 1), lane.expectImportFed(run));
    ImportProgress progress = lane.awaitImportFinished(importId);
    assertEquals(4, progress.completed(), progress.toString());
    assertEquals(1, progress.duplicateRows(), progress.toString());
    return run;
  }

  /** A row as {@code oncelane import} keys it: {@code import:<key>}, source {@code import}. */
  private static ImportRow importRow(CorpusLane lane, int line, String email, String firstname) {
    ContactEvent event =
        new SourceEvent("corpus-" + email, email, Map.of("firstname", firstname), AT_10)
            .toContactEvent("import")
            .withAcceptedAt(System.currentTimeMillis() + line);
    return ImportRow.valid(line, event, email + "," + firstname);
  }

  private static WorkflowExecution cancelledWhileWaitingWithdraws(CorpusLane lane) {
    String email = "wanda@example.com";
    ContactEvent holder =
        lane.event("lock-withdraw-holder", email, Map.of("firstname", "Wanda"), AT_9);
    ContactEvent waiter =
        lane.event(
            "lock-cancelled-while-waiting-withdraws", email, Map.of("lastname", "Maximoff"), AT_10);
    AtomicReference<WorkflowExecution> cancelled = new AtomicReference<>();
    lane.world(
        once(
            Call.FIND_BY_EMAIL,
            () -> {
              WorkflowExecution run = lane.start(waiter);
              lane.awaitLockWaiter(email, run);
              lane.cancel(run);
              lane.awaitClosed(run);
              cancelled.set(run);
            }));
    lane.expectResult(lane.start(holder), COMPLETED);
    WorkflowExecution run = cancelled.get();
    expectTrail(lane, waiter, RECEIVED, PROCESSING, FAILED);
    List<EventType> types =
        lane.history(run).getEvents().stream().map(HistoryEvent::getEventType).toList();
    assertTrue(
        marksReleaseEveryPath(lane, run)
            && types.contains(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED),
        "withdrawn with a release signal after the version marker: " + types);
    return run;
  }

  private static WorkflowExecution grantToGoneHolderSkipped(CorpusLane lane) {
    String email = "gus@example.com";
    ContactEvent holder = lane.event("lock-gone-holder-1", email, Map.of("firstname", "Gus"), AT_9);
    ContactEvent gone =
        lane.event("lock-gone-holder-2", email, Map.of("lastname", "Grissom"), AT_10);
    ContactEvent next =
        lane.event("lock-grant-to-gone-holder-skipped", email, Map.of("jobtitle", "pilot"), AT_10);
    AtomicReference<WorkflowExecution> nextRun = new AtomicReference<>();
    lane.world(
        once(
            Call.FIND_BY_EMAIL,
            () -> {
              WorkflowExecution terminated = lane.start(gone);
              lane.awaitLockWaiter(email, terminated);
              lane.terminate(terminated.getWorkflowId());
              lane.awaitClosed(terminated);
              WorkflowExecution run = lane.start(next);
              lane.awaitLockWaiter(email, run);
              nextRun.set(run);
            }));
    lane.expectResult(lane.start(holder), COMPLETED);
    lane.expectResult(nextRun.get(), COMPLETED);
    WorkflowExecution lock = lane.awaitClosed(ContactLockIds.forEmail(email));
    List<EventType> types =
        lane.history(lock).getEvents().stream().map(HistoryEvent::getEventType).toList();
    assertTrue(
        types.contains(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED)
            && marksReleaseEveryPath(lane, lock)
            && types.get(types.size() - 1) == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        "a failed grant skipped, the next granted, then idle and completed: " + types);
    return lock;
  }

  private static WorkflowExecution lockGoneAtReleaseCountsReleased(CorpusLane lane) {
    String email = "lou@example.com";
    ContactEvent event =
        lane.event("lock-gone-at-release-counts-released", email, Map.of("firstname", "Lou"));
    lane.world(once(Call.CREATE, () -> lane.terminate(ContactLockIds.forEmail(email))));
    WorkflowExecution run = lane.start(event);
    lane.expectResult(run, COMPLETED);
    expectTrail(lane, event, RECEIVED, PROCESSING, COMPLETED);
    List<EventType> types =
        lane.history(run).getEvents().stream().map(HistoryEvent::getEventType).toList();
    assertTrue(
        types.contains(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED)
            && marksReleaseEveryPath(lane, run),
        "the release's signal failed and was counted as released: " + types);
    return run;
  }

  private static boolean marksReleaseEveryPath(CorpusLane lane, WorkflowExecution run) {
    return lane.history(run).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .flatMap(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().values().stream())
        .flatMap(payloads -> payloads.getPayloadsList().stream())
        .anyMatch(
            payload -> payload.getData().toStringUtf8().contains("lock-release-every-path-v1"));
  }

  private static WorkflowExecution createWithoutNewestWins(CorpusLane lane) {
    ContactEvent event =
        lane.event("create-without-newest-wins", "mira@example.com", Map.of("firstname", "Mira"));
    WorkflowExecution run = lane.start(event);
    lane.expectResult(run, COMPLETED);
    expectTrail(lane, event, RECEIVED, PROCESSING, COMPLETED);
    List<EventType> types =
        lane.history(run).getEvents().stream().map(HistoryEvent::getEventType).toList();
    assertTrue(
        !types.contains(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
            && !types.contains(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED),
        "no lock grant, no release: " + types);
    return run;
  }

  private static WorkflowExecution contactLockIdleCompletion(CorpusLane lane) {
    String email = "lena@example.com";
    ContactEvent event =
        lane.event("contact-lock-idle-completion", email, Map.of("firstname", "Lena"), AT_10);
    lane.expectResult(lane.start(event), COMPLETED);
    WorkflowExecution lock = lane.awaitClosed(ContactLockIds.forEmail(email));
    List<EventType> types =
        lane.history(lock).getEvents().stream().map(HistoryEvent::getEventType).toList();
    assertTrue(
        types.contains(EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED)
            && types.contains(EventType.EVENT_TYPE_TIMER_FIRED)
            && types.get(types.size() - 1) == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        "granted, then idle, then completed: " + types);
    return lock;
  }

  private static WorkflowExecution droppedPropertyNotRecorded(CorpusLane lane) {
    ContactEvent event =
        lane.event(
            "catalog-dropped-property-not-recorded",
            "quinn@example.com",
            Map.of("firstname", "Quinn", "favourite_colour", "red"),
            AT_10);
    WorkflowExecution run = lane.start(event);
    SyncResult result = lane.expectResult(run, COMPLETED);
    assertTrue(result.detail().contains("favourite_colour"), result.detail());
    expectTrail(lane, event, RECEIVED, PROCESSING, COMPLETED);
    return run;
  }

  private static final String AT_9 = "2026-11-30T09:00:00Z";
  private static final String AT_10 = "2026-11-30T10:00:00Z";

  private static WorkflowExecution olderEventKeepsNewerProperty(CorpusLane lane) {
    String email = "nora@example.com";
    ContactEvent newer =
        lane.event("newest-wins-newer-1", email, Map.of("firstname", "NEW"), AT_10);
    lane.expectResult(lane.start(newer), COMPLETED);
    ContactEvent older =
        lane.event(
            "newest-wins-older-event-keeps-newer-property",
            email,
            Map.of("firstname", "OLD", "lastname", "Lovelace"),
            AT_9);
    WorkflowExecution run = lane.start(older);
    SyncResult result = lane.expectResult(run, COMPLETED);
    assertTrue(result.detail().contains("firstname kept"), result.detail());
    expectTrail(lane, older, RECEIVED, PROCESSING, COMPLETED);
    return run;
  }

  private static WorkflowExecution everyPropertyNewerSkippedStale(CorpusLane lane) {
    String email = "olga@example.com";
    ContactEvent newer =
        lane.event("newest-wins-newer-2", email, Map.of("firstname", "NEW"), AT_10);
    lane.expectResult(lane.start(newer), COMPLETED);
    ContactEvent older =
        lane.event(
            "newest-wins-every-property-newer-skipped-stale",
            email,
            Map.of("firstname", "OLD"),
            AT_9);
    WorkflowExecution run = lane.start(older);
    lane.expectResult(run, SyncStatus.SKIPPED_STALE);
    expectTrail(lane, older, RECEIVED, PROCESSING, SyncStatus.SKIPPED_STALE);
    return run;
  }

  private static WorkflowExecution reviewRetryAfterNewerSettled(CorpusLane lane) {
    ContactEvent older =
        lane.event(
            "newest-wins-review-retry-after-newer-settled",
            "pia.example.com",
            Map.of("firstname", "OLD", "lastname", "Lind"),
            AT_9);
    WorkflowExecution run = lane.start(older);
    assertEquals(ReviewReason.VALIDATION_ERROR, lane.awaitReview(run.getWorkflowId()).reason());
    ContactEvent newer =
        lane.event("newest-wins-newer-3", "pia@example.com", Map.of("firstname", "NEW"), AT_10);
    lane.expectResult(lane.start(newer), COMPLETED);
    lane.decideBySignal(
        run.getWorkflowId(),
        ReviewDecision.retry(Map.of("email", "pia@example.com"), "bob", "missing @"));
    SyncResult result = lane.expectResult(run, COMPLETED);
    assertTrue(result.detail().contains("firstname kept"), result.detail());
    expectTrail(lane, older, RECEIVED, PROCESSING, MANUAL_REVIEW, COMPLETED);
    return run;
  }

  private static WorkflowExecution keyReusedRetryUpdate(CorpusLane lane) {
    String key = "key-reused-review-retry-update";
    ContactEvent first = lane.event(key, "kim@example.com", Map.of("firstname", "Kim"));
    String crmId = lane.expectResult(lane.start(first), COMPLETED).crmId();
    ContactEvent second = lane.event(key, "kim@example.com", Map.of("firstname", "Kimberly"));
    WorkflowExecution run = lane.startAfterRetention(second);
    assertEquals(ReviewReason.KEY_REUSED, lane.awaitReview(run.getWorkflowId()).reason());
    SyncResult answer =
        lane.decideByUpdate(
            run.getWorkflowId(), ReviewDecision.retry(Map.of(), "alice", "a new event"));
    assertEquals(COMPLETED, answer.status());
    assertEquals(crmId, lane.expectResult(run, COMPLETED).crmId());
    expectTrail(lane, second, RECEIVED, PROCESSING, COMPLETED, MANUAL_REVIEW, COMPLETED);
    return run;
  }

  private static WorkflowExecution keyReusedDiscardSignal(CorpusLane lane) {
    String key = "key-reused-review-discard-signal";
    ContactEvent first = lane.event(key, "lee@example.com", Map.of("firstname", "Lee"));
    lane.expectResult(lane.start(first), COMPLETED);
    ContactEvent second = lane.event(key, "other@example.com", Map.of("firstname", "Other"));
    WorkflowExecution run = lane.startAfterRetention(second);
    assertEquals(ReviewReason.KEY_REUSED, lane.awaitReview(run.getWorkflowId()).reason());
    lane.decideBySignal(
        run.getWorkflowId(), ReviewDecision.discard("the sender reused the key", "bob", null));
    lane.expectResult(run, DISCARDED);
    expectTrail(lane, second, RECEIVED, PROCESSING, COMPLETED, MANUAL_REVIEW, DISCARDED);
    assertEquals(0, lane.sandbox().contactCount("other@example.com"));
    return run;
  }

  private static WorkflowExecution cancelledInReviewEndsFailed(CorpusLane lane) {
    lane.hideContact(GHOST);
    ContactEvent event = lane.event("cancelled-in-review-ends-failed", GHOST, Map.of());
    WorkflowExecution run = lane.start(event);
    lane.awaitReview(run.getWorkflowId());
    lane.cancel(run);
    lane.awaitClosed(run);
    expectTrail(lane, event, RECEIVED, PROCESSING, MANUAL_REVIEW, FAILED);
    return run;
  }

  private static WorkflowExecution failedDeliveredAgainRunsAgain(CorpusLane lane) {
    lane.hideContact(GHOST);
    ContactEvent event = lane.event("failed-delivered-again-runs-again", GHOST, Map.of());
    WorkflowExecution first = lane.start(event);
    lane.awaitReview(first.getWorkflowId());
    lane.cancel(first);
    lane.awaitClosed(first);
    WorkflowExecution run = lane.start(event);
    lane.awaitReview(run.getWorkflowId());
    lane.decideByUpdate(run.getWorkflowId(), ReviewDecision.discard("still hidden", "carol", null));
    lane.expectResult(run, DISCARDED);
    expectTrail(
        lane,
        event,
        RECEIVED,
        PROCESSING,
        MANUAL_REVIEW,
        FAILED,
        PROCESSING,
        MANUAL_REVIEW,
        DISCARDED);
    return run;
  }

  private static CorpusScenario scenario(String name, String path, CorpusScenario.Body body) {
    return new CorpusScenario(name, path, RECORDING, body);
  }

  private static WorkflowExecution create(CorpusLane lane) {
    ContactEvent event = lane.event("create", "ada@example.com", Map.of("firstname", "Ada"));
    WorkflowExecution run = lane.start(event);
    lane.expectResult(run, COMPLETED);
    expectTrail(lane, event, RECEIVED, PROCESSING, COMPLETED);
    return run;
  }

  private static WorkflowExecution foundUpdate(CorpusLane lane) {
    String id = lane.otherWriterCreates("grace@example.com", Map.of("firstname", "Grace"));
    ContactEvent event =
        lane.event("found-update", "Grace@Example.com", Map.of("lastname", "Hopper"));
    WorkflowExecution run = lane.start(event);
    assertEquals(id, lane.expectResult(run, COMPLETED).crmId());
    expectTrail(lane, event, RECEIVED, PROCESSING, COMPLETED);
    return run;
  }

  private static WorkflowExecution conflictWithId(CorpusLane lane) {
    String email = "race@example.com";
    AtomicReference<String> othersId = new AtomicReference<>();
    lane.world(once(Call.CREATE, () -> othersId.set(lane.otherWriterCreates(email, Map.of()))));
    ContactEvent event = lane.event("conflict-409-with-id", email, Map.of("firstname", "New"));
    WorkflowExecution run = lane.start(event);
    SyncResult result = lane.expectResult(run, RESOLVED_AFTER_409);
    assertEquals(othersId.get(), result.crmId());
    expectTrail(lane, event, RECEIVED, PROCESSING, RESOLVED_AFTER_409);
    return run;
  }

  private static WorkflowExecution conflictAfterLostAnswer(CorpusLane lane) {
    lane.sandbox().dropNextWrites(1);
    ContactEvent event =
        lane.event("conflict-409-after-lost-answer", "lost@example.com", Map.of("city", "Oslo"));
    WorkflowExecution run = lane.start(event);
    lane.expectResult(run, RESOLVED_AFTER_409);
    expectTrail(lane, event, RECEIVED, PROCESSING, RESOLVED_AFTER_409);
    assertEquals(1, lane.sandbox().contactCount("lost@example.com"));
    assertTrue(lane.lastAttempt(run, "CrmCreate") >= 2, "the lost create was retried");
    return run;
  }

  private static WorkflowExecution conflictRelookupResolves(CorpusLane lane) {
    String email = "lag@example.com";
    lane.hideContact(email);
    // The contact becomes readable after the 409, before the lane looks again.
    lane.world(
        afterFailureOnce(
            Call.CREATE,
            () -> {
              lane.sandbox().reset();
              lane.otherWriterCreates(email, Map.of());
            }));
    ContactEvent event =
        lane.event("conflict-409-no-id-relookup-resolves", email, Map.of("city", "Bergen"));
    WorkflowExecution run = lane.start(event);
    lane.expectResult(run, RESOLVED_AFTER_409);
    expectTrail(lane, event, RECEIVED, PROCESSING, RESOLVED_AFTER_409);
    return run;
  }

  private static WorkflowExecution reviewAdoptUpdate(CorpusLane lane) {
    lane.hideContact(GHOST);
    String adoptable = lane.otherWriterCreates("ghost.primary@example.com", Map.of());
    ContactEvent event = lane.event("review-unresolved-adopt-update", GHOST, Map.of("zip", "0150"));
    WorkflowExecution run = lane.start(event);
    assertEquals(ReviewReason.UNRESOLVED_CONFLICT, lane.awaitReview(run.getWorkflowId()).reason());
    SyncResult answer =
        lane.decideByUpdate(
            run.getWorkflowId(), ReviewDecision.adopt(adoptable, "alice", "secondary email"));
    assertEquals(RESOLVED_AFTER_409, answer.status());
    assertEquals(adoptable, lane.expectResult(run, RESOLVED_AFTER_409).crmId());
    expectTrail(lane, event, RECEIVED, PROCESSING, MANUAL_REVIEW, RESOLVED_AFTER_409);
    return run;
  }

  private static WorkflowExecution reviewRetrySignal(CorpusLane lane) {
    lane.hideContact(GHOST);
    ContactEvent event =
        lane.event("review-unresolved-retry-corrections-signal", GHOST, Map.of("zip", "0150"));
    WorkflowExecution run = lane.start(event);
    lane.awaitReview(run.getWorkflowId());
    lane.decideBySignal(
        run.getWorkflowId(),
        ReviewDecision.retry(Map.of("email", "ghost.fixed@example.com"), "bob", "typo"));
    lane.expectResult(run, COMPLETED);
    assertEquals(1, lane.sandbox().contactCount("ghost.fixed@example.com"));
    expectTrail(lane, event, RECEIVED, PROCESSING, MANUAL_REVIEW, COMPLETED);
    return run;
  }

  private static WorkflowExecution reviewDiscardUpdate(CorpusLane lane) {
    lane.hideContact(GHOST);
    ContactEvent event = lane.event("review-unresolved-discard-update", GHOST, Map.of());
    WorkflowExecution run = lane.start(event);
    lane.awaitReview(run.getWorkflowId());
    SyncResult answer =
        lane.decideByUpdate(
            run.getWorkflowId(), ReviewDecision.discard("test submission", "carol", null));
    assertEquals(DISCARDED, answer.status());
    lane.expectResult(run, DISCARDED);
    expectTrail(lane, event, RECEIVED, PROCESSING, MANUAL_REVIEW, DISCARDED);
    return run;
  }

  private static WorkflowExecution reviewRefusedAdoptThenSignal(CorpusLane lane) {
    lane.hideContact(GHOST);
    String adoptable = lane.otherWriterCreates("ghost.primary@example.com", Map.of());
    ContactEvent event =
        lane.event(
            "review-unresolved-adopt-refused-update-then-adopt-signal",
            GHOST,
            Map.of("zip", "0150"));
    WorkflowExecution run = lane.start(event);
    lane.awaitReview(run.getWorkflowId());
    lane.refusedByUpdate(run.getWorkflowId(), ReviewDecision.adopt("999999", "alice", null));
    lane.awaitReview(run.getWorkflowId());
    lane.decideBySignal(
        run.getWorkflowId(), ReviewDecision.adopt(adoptable, "alice", "the right one"));
    lane.expectResult(run, RESOLVED_AFTER_409);
    expectTrail(
        lane, event, RECEIVED, PROCESSING, MANUAL_REVIEW, MANUAL_REVIEW, RESOLVED_AFTER_409);
    return run;
  }

  private static WorkflowExecution reviewMalformedSignalIgnored(CorpusLane lane) {
    lane.hideContact(GHOST);
    ContactEvent event =
        lane.event(
            "review-unresolved-malformed-signal-ignored-then-discard-update", GHOST, Map.of());
    WorkflowExecution run = lane.start(event);
    lane.awaitReview(run.getWorkflowId());
    lane.decideBySignal(
        run.getWorkflowId(), new ReviewDecision("adopt", null, Map.of(), null, "mallory", null));
    lane.awaitSignalRecorded(run, ContactSyncWorkflow.DECIDE_SIGNAL);
    lane.decideByUpdate(run.getWorkflowId(), ReviewDecision.discard("spam", "carol", null));
    lane.expectResult(run, DISCARDED);
    // Since decision-refusal-notes-v1 the refused signal is a note (manual_review → itself).
    expectTrail(lane, event, RECEIVED, PROCESSING, MANUAL_REVIEW, MANUAL_REVIEW, DISCARDED);
    return run;
  }

  private static WorkflowExecution validationRetrySignal(CorpusLane lane) {
    ContactEvent event =
        lane.event(
            "review-validation-retry-corrections-signal",
            "ada.example.com",
            Map.of("firstname", "Ada"));
    WorkflowExecution run = lane.start(event);
    assertEquals(ReviewReason.VALIDATION_ERROR, lane.awaitReview(run.getWorkflowId()).reason());
    lane.decideBySignal(
        run.getWorkflowId(),
        ReviewDecision.retry(Map.of("email", "ada@example.com"), "bob", "missing @"));
    lane.expectResult(run, COMPLETED);
    expectTrail(lane, event, RECEIVED, PROCESSING, MANUAL_REVIEW, COMPLETED);
    return run;
  }

  private static WorkflowExecution updateGoneRelookupResolves(CorpusLane lane) {
    String email = "lin@example.com";
    lane.otherWriterCreates("filler@example.com", Map.of());
    String gone = lane.otherWriterCreates(email, Map.of());
    AtomicReference<String> successor = new AtomicReference<>();
    // Merged away between the lane's lookup and its update: the id it found is gone, the email
    // lives on under a new id (the sandbox numbers from 1001 again, so the filler keeps them
    // apart).
    lane.world(
        once(
            Call.UPDATE,
            () -> {
              lane.sandbox().reset();
              successor.set(lane.otherWriterCreates(email, Map.of()));
            }));
    ContactEvent event =
        lane.event("update-404-relookup-resolves", email, Map.of("jobtitle", "Engineer"));
    WorkflowExecution run = lane.start(event);
    SyncResult result = lane.expectResult(run, COMPLETED);
    assertEquals(successor.get(), result.crmId());
    assertTrue(!gone.equals(result.crmId()), "the lane wrote to the successor, not the gone id");
    expectTrail(lane, event, RECEIVED, PROCESSING, COMPLETED);
    return run;
  }

  private static WorkflowExecution updateGoneReviewDiscard(CorpusLane lane) {
    String email = "lin@example.com";
    lane.otherWriterCreates(email, Map.of());
    lane.world(once(Call.UPDATE, () -> lane.sandbox().reset()));
    ContactEvent event =
        lane.event(
            "update-404-object-gone-review-discard-signal", email, Map.of("jobtitle", "Eng"));
    WorkflowExecution run = lane.start(event);
    assertEquals(ReviewReason.OBJECT_GONE, lane.awaitReview(run.getWorkflowId()).reason());
    lane.decideBySignal(
        run.getWorkflowId(), ReviewDecision.discard("merged away", "dana", "checked by hand"));
    lane.expectResult(run, DISCARDED);
    expectTrail(lane, event, RECEIVED, PROCESSING, MANUAL_REVIEW, DISCARDED);
    return run;
  }

  private static WorkflowExecution rateLimitedRetried(CorpusLane lane) {
    lane.sandbox().setFaults(FaultConfig.none().withRateLimitPer10s(3));
    lane.otherWriterReads(3); // the ten-second window is full when the lane's lookup arrives
    ContactEvent event =
        lane.event("rate-limited-429-retried", "busy@example.com", Map.of("firstname", "B"));
    WorkflowExecution run = lane.start(event);
    lane.expectResult(run, COMPLETED);
    expectTrail(lane, event, RECEIVED, PROCESSING, COMPLETED);
    assertTrue(lane.lastAttempt(run, "CrmFindByEmail") >= 2, "the 429 was retried");
    return run;
  }

  private static WorkflowExecution reviewExpired(CorpusLane lane) {
    lane.hideContact(GHOST);
    ContactEvent event = lane.event("review-expired", GHOST, Map.of());
    WorkflowExecution run = lane.start(event);
    assertEquals(ReviewReason.REVIEW_EXPIRED, lane.expectResult(run, FAILED).reason());
    expectTrail(lane, event, RECEIVED, PROCESSING, MANUAL_REVIEW, FAILED);
    return run;
  }

  private static WorkflowExecution lateRedeliverySkipped(CorpusLane lane) {
    ContactEvent event =
        lane.event("late-redelivery-skipped-duplicate", "once@example.com", Map.of("zip", "1"));
    lane.expectResult(lane.start(event), COMPLETED);
    WorkflowExecution redelivered = lane.startAfterRetention(event);
    lane.expectResult(redelivered, SKIPPED_DUPLICATE);
    expectTrail(lane, event, RECEIVED, PROCESSING, COMPLETED, SKIPPED_DUPLICATE);
    assertEquals(1, lane.sandbox().contactCount("once@example.com"));
    return redelivered;
  }

  private static void expectTrail(CorpusLane lane, ContactEvent event, SyncStatus... statuses) {
    assertEquals(List.of(statuses), lane.ledgerStatuses(event.processingId()));
  }

  /** A world that runs {@code action} before the first call of {@code call}, and never again. */
  private static ScenarioCrm.World once(Call call, Runnable action) {
    AtomicBoolean done = new AtomicBoolean();
    return new ScenarioCrm.World() {
      @Override
      public void before(Call c) {
        if (c == call && done.compareAndSet(false, true)) {
          action.run();
        }
      }
    };
  }

  /** A world that runs {@code action} after the first failed call of {@code call}. */
  private static ScenarioCrm.World afterFailureOnce(Call call, Runnable action) {
    AtomicBoolean done = new AtomicBoolean();
    return new ScenarioCrm.World() {
      @Override
      public void afterFailure(Call c, RuntimeException failure) {
        if (c == call && done.compareAndSet(false, true)) {
          action.run();
        }
      }
    };
  }
}
