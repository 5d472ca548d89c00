package dev.oncelane.workflows.sync;

import static dev.oncelane.workflows.ledger.SyncStatus.COMPLETED;
import static dev.oncelane.workflows.ledger.SyncStatus.DISCARDED;
import static dev.oncelane.workflows.ledger.SyncStatus.FAILED;
import static dev.oncelane.workflows.ledger.SyncStatus.MANUAL_REVIEW;
import static dev.oncelane.workflows.ledger.SyncStatus.PROCESSING;
import static dev.oncelane.workflows.ledger.SyncStatus.RECEIVED;
import static dev.oncelane.workflows.ledger.SyncStatus.RESOLVED_AFTER_409;
import static dev.oncelane.workflows.ledger.SyncStatus.SKIPPED_DUPLICATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workflows.ledger.EventPayload;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.lock.ContactLockWorkflowImpl;
import dev.oncelane.workflows.policy.LaneSettings;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.review.ReviewReason;
import dev.oncelane.workflows.visibility.LaneSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ContactSyncWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              ContactSyncWorkflowImpl.class, ContactLockWorkflowImpl.class)
          .registerSearchAttribute(
              LaneSearchAttributes.STATUS.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute(
              LaneSearchAttributes.REASON.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute(
              LaneSearchAttributes.SOURCE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .setDoNotStart(true)
          .build();

  private final FakeCrm crm = new FakeCrm();
  private final InMemoryLedger ledger = new InMemoryLedger();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;
  private Worker worker;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    worker.registerActivitiesImplementations(crm, ledger, new LockRequests(client));
    env.start();
    this.env = env;
    this.client = client;
    this.worker = worker;
    this.taskQueue = worker.getTaskQueue();
  }

  @Test
  void anExistingContactIsUpdated() {
    String id = crm.seed("ada@example.com", Map.of("firstname", "Ada"));

    SyncResult result = run(event("generic:1", "  Ada@Example.COM ", Map.of("lastname", "L")));

    assertEquals(COMPLETED, result.status());
    assertEquals(id, result.crmId());
    assertEquals("L", crm.contact(id).properties().get("lastname"));
    assertEquals(List.of(RECEIVED, PROCESSING, COMPLETED), ledger.statuses("generic:1"));
    assertEquals(1, crm.count("ada@example.com"));
  }

  @Test
  void aNewContactIsCreatedWithTheNormalizedEmail() {
    SyncResult result = run(event("generic:2", "New@Example.com", Map.of("firstname", "N")));

    assertEquals(COMPLETED, result.status());
    assertEquals("new@example.com", crm.contact(result.crmId()).properties().get("email"));
    assertEquals(List.of("findByEmail new@example.com", "create new@example.com"), crm.calls());
  }

  @Test
  void a409ThatNamesTheIdBecomesAnUpdateWithTheEventsValues() {
    String id = crm.seed("race@example.com", Map.of("firstname", "Old"));
    crm.missNextLookups(1); // the other lane created it between our lookup and our create

    SyncResult result = run(event("generic:3", "race@example.com", Map.of("firstname", "New")));

    assertEquals(RESOLVED_AFTER_409, result.status());
    assertEquals(id, result.crmId());
    assertEquals("New", crm.contact(id).properties().get("firstname"));
    assertEquals(1, crm.count("race@example.com"));
    assertEquals(List.of(RECEIVED, PROCESSING, RESOLVED_AFTER_409), ledger.statuses("generic:3"));
  }

  @Test
  void anEventWithOnlyTheKeyFindsItsContactWithoutWritingToIt() {
    String id = crm.seed("bare@example.com", Map.of());
    crm.missNextLookups(1);

    SyncResult result = run(event("generic:17", "bare@example.com", Map.of()));

    assertEquals(RESOLVED_AFTER_409, result.status());
    assertEquals(id, result.crmId());
    assertTrue(crm.calls().stream().noneMatch(c -> c.startsWith("update")), crm.calls().toString());
  }

  @Test
  void a409WithoutAnIdIsResolvedByLookingUpAgain() {
    String id = crm.seed("lag@example.com", Map.of());
    crm.conflictsNameNoId();
    crm.missNextLookups(2); // the first lookup and the first re-lookup miss

    SyncResult result = run(event("generic:4", "lag@example.com", Map.of("city", "Oslo")));

    assertEquals(RESOLVED_AFTER_409, result.status());
    assertEquals(id, result.crmId());
    assertEquals("Oslo", crm.contact(id).properties().get("city"));
    assertEquals(
        3, crm.calls().stream().filter(c -> c.equals("findByEmail lag@example.com")).count());
  }

  @Test
  void anUnresolvableConflictWaitsForAnOperatorWhoAdoptsAnId() {
    crm.hide("ghost@example.com");
    String adoptable = crm.seed("ghost-primary@example.com", Map.of());
    WorkflowStub stub = startEvent(event("generic:5", "ghost@example.com", Map.of("zip", "0150")));

    SyncState waiting = awaitReview(stub);
    assertEquals(ReviewReason.UNRESOLVED_CONFLICT, waiting.reason());
    assertEquals("Contact already exists.", waiting.crmMessage());
    assertTrue(waiting.reviewDeadlineMillis() > waiting.reviewSinceMillis());

    SyncResult answer =
        typed(stub).decide(ReviewDecision.adopt(adoptable, "alice", "secondary email"));

    assertEquals(RESOLVED_AFTER_409, answer.status());
    assertEquals(adoptable, answer.crmId());
    assertEquals(RESOLVED_AFTER_409, stub.getResult(SyncResult.class).status());
    assertEquals("0150", crm.contact(adoptable).properties().get("zip"));
    Transition decided = last(ledger.trail("generic:5"));
    assertEquals("alice", decided.actor());
    assertTrue(decided.detail().startsWith("adopt " + adoptable + " (secondary email)"));
    assertEquals(
        List.of(RECEIVED, PROCESSING, MANUAL_REVIEW, RESOLVED_AFTER_409),
        ledger.statuses("generic:5"));
  }

  @Test
  void adoptingAnIdTheCrmDoesNotHaveIsRefusedAndTheEventStaysInReview() {
    crm.hide("ghost2@example.com");
    WorkflowStub stub = startEvent(event("generic:6", "ghost2@example.com", Map.of()));
    awaitReview(stub);

    WorkflowUpdateException refused =
        assertThrows(
            WorkflowUpdateException.class,
            () -> typed(stub).decide(ReviewDecision.adopt("999999", "bob", null)));

    assertTrue(
        rootMessage(refused).contains("the CRM has no contact 999999"), rootMessage(refused));
    assertEquals(MANUAL_REVIEW, typed(stub).state().status());
    Transition refusal = last(ledger.trail("generic:6"));
    assertEquals(MANUAL_REVIEW, refusal.from());
    assertEquals(MANUAL_REVIEW, refusal.to());
    assertEquals("bob", refusal.actor());

    typed(stub).decide(ReviewDecision.discard("duplicate of a merged record", "bob", null));
    assertEquals(DISCARDED, stub.getResult(SyncResult.class).status());
  }

  @Test
  void aMalformedDecisionOrOneWithoutAReviewIsRejectedByTheValidator() {
    crm.hide("ghost3@example.com");
    WorkflowStub stub = startEvent(event("generic:7", "ghost3@example.com", Map.of()));
    awaitReview(stub);
    ContactSyncWorkflow workflow = typed(stub);

    assertThrows(
        WorkflowUpdateException.class,
        () -> workflow.decide(ReviewDecision.adopt("not-a-number", "carol", null)));
    assertThrows(
        WorkflowUpdateException.class,
        () -> workflow.decide(ReviewDecision.discard(" ", "carol", null)));
    assertThrows(
        WorkflowUpdateException.class, () -> workflow.decide(ReviewDecision.adopt("1", "", null)));
    assertEquals(MANUAL_REVIEW, workflow.state().status());

    workflow.decide(ReviewDecision.discard("test data", "carol", null));
    stub.getResult(SyncResult.class);
    assertThrows(
        WorkflowNotFoundException.class,
        () -> workflow.decide(ReviewDecision.discard("again", "carol", null)));
  }

  @Test
  void anInvalidEmailWaitsForReviewAndARetryWithTheCorrectedEmailCreatesIt() {
    WorkflowStub stub = startEvent(event("typeform:8", "bad-email", Map.of("firstname", "Eve")));

    SyncState waiting = awaitReview(stub);
    assertEquals(ReviewReason.VALIDATION_ERROR, waiting.reason());

    // The Web UI / temporal CLI route: the same decision as a signal.
    typed(stub)
        .decideSignal(
            ReviewDecision.retry(Map.of("email", " Eve@Example.com"), "dave", "typo fixed"));

    SyncResult result = stub.getResult(SyncResult.class);
    assertEquals(COMPLETED, result.status());
    assertEquals("eve@example.com", crm.contact(result.crmId()).properties().get("email"));
    assertEquals("Eve", crm.contact(result.crmId()).properties().get("firstname"));
    assertEquals("dave", last(ledger.trail("typeform:8")).actor());
  }

  @Test
  void aRetryThatFailsAgainGoesBackToReview() {
    WorkflowStub stub = startEvent(event("generic:9", "still bad", Map.of()));
    awaitReview(stub);

    SyncResult answer = typed(stub).decide(ReviewDecision.retry(Map.of(), "erin", null));

    assertEquals(MANUAL_REVIEW, answer.status());
    assertEquals(ReviewReason.VALIDATION_ERROR, answer.reason());
    assertEquals(
        List.of(RECEIVED, PROCESSING, MANUAL_REVIEW, MANUAL_REVIEW), ledger.statuses("generic:9"));
    typed(stub).decide(ReviewDecision.discard("unfixable", "erin", null));
    assertEquals(DISCARDED, stub.getResult(SyncResult.class).status());
  }

  @Test
  void anUpdateOfAContactMergedAwayFindsItAgainByEmail() {
    String merged = crm.seed("moved@example.com", Map.of());
    crm.staleNextLookup("moved@example.com", "77"); // the id from before the merge

    SyncResult result = run(event("generic:10", "moved@example.com", Map.of("firstname", "M")));

    assertEquals(COMPLETED, result.status());
    assertEquals(merged, result.crmId());
    assertEquals("M", crm.contact(merged).properties().get("firstname"));
    assertTrue(crm.calls().contains("update 77"));
  }

  @Test
  void anUpdateOfAContactGoneForGoodWaitsForReviewThenARetryCreatesIt() {
    crm.staleNextLookup("deleted@example.com", "78"); // deleted after the lookup saw it
    WorkflowStub stub =
        startEvent(event("generic:11", "deleted@example.com", Map.of("city", "Bergen")));

    SyncState waiting = awaitReview(stub);
    assertEquals(ReviewReason.OBJECT_GONE, waiting.reason());

    SyncResult answer = typed(stub).decide(ReviewDecision.retry(Map.of(), "gina", null));

    assertEquals(COMPLETED, answer.status());
    assertEquals(1, crm.count("deleted@example.com"));
    assertEquals(COMPLETED, stub.getResult(SyncResult.class).status());
  }

  @Test
  void aRateLimitIsWaitedOutForTheDelayTheCrmAsked() {
    crm.rateLimit(1, Duration.ofSeconds(10));
    long before = env.currentTimeMillis();

    SyncResult result = run(event("generic:12", "slow@example.com", Map.of()));

    assertEquals(COMPLETED, result.status());
    assertTrue(
        env.currentTimeMillis() - before >= 10_000,
        "the retry came before the 10 s the CRM asked for");
    assertEquals(1, crm.count("slow@example.com"));
  }

  @Test
  void anUndecidedReviewExpiresAfterTheDeadline() {
    crm.hide("nobody@example.com");
    long before = env.currentTimeMillis();

    SyncResult result = run(event("generic:13", "nobody@example.com", Map.of()));

    assertEquals(FAILED, result.status());
    assertEquals(ReviewReason.REVIEW_EXPIRED, result.reason());
    assertTrue(env.currentTimeMillis() - before >= Duration.ofDays(14).toMillis());
    assertEquals(FAILED, ledger.status("generic:13"));
  }

  @Test
  void aLateRedeliveryOfASettledEventIsSkippedWithoutTouchingTheCrm() {
    ledger.seedSettled("generic:14", COMPLETED, "4242");

    SyncResult result = run(event("generic:14", "late@example.com", Map.of()));

    assertEquals(SKIPPED_DUPLICATE, result.status());
    assertEquals("4242", result.crmId());
    assertTrue(crm.calls().isEmpty());
    assertEquals(COMPLETED, ledger.status("generic:14"));
    assertEquals(SKIPPED_DUPLICATE, last(ledger.trail("generic:14")).to());
  }

  @Test
  void aLedgerWriteWhoseAnswerWasLostIsRetriedAsTheSameStep() {
    ledger.loseNextAnswers(1);

    SyncResult result = run(event("generic:15", "once@example.com", Map.of()));

    assertEquals(COMPLETED, result.status());
    assertEquals(List.of(RECEIVED, PROCESSING, COMPLETED), ledger.statuses("generic:15"));
    assertEquals(2, ledger.recordCalls(), "the step was written, its answer lost, then retried");
  }

  @Test
  void theHistoryReplaysDeterministically() throws Exception {
    crm.hide("replay@example.com");
    WorkflowStub stub = startEvent(event("generic:16", "replay@example.com", Map.of()));
    awaitReview(stub);
    typed(stub).decide(ReviewDecision.discard("replay test", "frank", null));
    stub.getResult(SyncResult.class);

    var history = client.fetchHistory("generic:16");
    WorkflowReplayer.replayWorkflowExecution(history, ContactSyncWorkflowImpl.class);
  }

  @Test
  void aDecisionSignalThatArrivesAsTheDeadlineFiresIsNotedAsExpiredNotDropped() throws Exception {
    crm.hide("tie@example.com");
    WorkflowStub stub = startEvent(event("generic:20", "tie@example.com", Map.of()));
    SyncState waiting = awaitReview(stub);

    // The timer fires and the decision arrives while the worker is not polling, so one workflow
    // task sees both (or, when a poll already out takes the timer alone, the next one).
    worker.suspendPolling();
    env.sleep(Duration.ofMillis(waiting.reviewDeadlineMillis() - env.currentTimeMillis()));
    boolean delivered = true;
    try {
      typed(stub).decideSignal(ReviewDecision.discard("spam", "nina", null));
    } catch (WorkflowNotFoundException closedAlready) {
      delivered = false; // the poll that was out settled the run first; the sender was told
    }
    worker.resumePolling();

    SyncResult result = stub.getResult(30, TimeUnit.SECONDS, SyncResult.class);
    assertEquals(FAILED, result.status(), result.detail());
    assertEquals(FAILED, ledger.status("generic:20"));
    if (delivered) {
      String expired =
          "decision refused: review expired at "
              + Instant.ofEpochMilli(waiting.reviewDeadlineMillis());
      List<Transition> trail = ledger.trail("generic:20");
      assertTrue(
          trail.stream()
              .anyMatch(
                  t ->
                      t.recordsANote()
                          && "nina".equals(t.actor())
                          && t.detail().startsWith(expired)),
          trail.toString());
    }
  }

  @Test
  void anUpdateSentExactlyAtTheDeadlineIsAnsweredAndTheRunEnds() throws Exception {
    crm.hide("deadline@example.com");
    WorkflowStub stub = startEvent(event("generic:21", "deadline@example.com", Map.of()));
    SyncState waiting = awaitReview(stub);

    worker.suspendPolling();
    env.sleep(Duration.ofMillis(waiting.reviewDeadlineMillis() - env.currentTimeMillis()));
    CompletableFuture<Throwable> answer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                typed(stub).decide(ReviewDecision.discard("spam", "otto", null));
                return null;
              } catch (RuntimeException refused) {
                return refused;
              }
            });
    worker.resumePolling();

    Throwable refused = answer.get(30, TimeUnit.SECONDS); // the caller never waits forever
    assertTrue(refused != null, "a decision at the deadline is not applied");
    String why = rootMessage(refused);
    assertTrue(
        why.contains("review expired at " + Instant.ofEpochMilli(waiting.reviewDeadlineMillis()))
            || refused instanceof WorkflowNotFoundException
            || why.contains("completed"),
        why);
    SyncResult result = stub.getResult(30, TimeUnit.SECONDS, SyncResult.class);
    assertEquals(FAILED, result.status());
    assertEquals(FAILED, ledger.status("generic:21"));
  }

  @Test
  void aDecisionSignalWhenNoReviewIsOpenIsNotedInTheTrailWithWhoSentIt() {
    ContactSyncWorkflow workflow =
        client.newWorkflowStub(
            ContactSyncWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("generic:22")
                .setTaskQueue(taskQueue)
                .build());
    var batch = client.newSignalWithStartRequest();
    batch.add(workflow::sync, event("generic:22", "early@example.com", Map.of()));
    batch.add(workflow::decideSignal, ReviewDecision.adopt("512", "mallory", null));
    client.signalWithStart(batch);

    SyncResult result = WorkflowStub.fromTyped(workflow).getResult(SyncResult.class);

    assertEquals(COMPLETED, result.status());
    // Noted after the step the run took meanwhile; the event stays completed.
    assertEquals(
        List.of(RECEIVED, PROCESSING, COMPLETED, COMPLETED), ledger.statuses("generic:22"));
    Transition note = ledger.trail("generic:22").get(3);
    assertTrue(note.recordsANote());
    assertEquals("mallory", note.actor());
    assertEquals(
        "decision refused: not waiting for a decision: no review is open: action=adopt crmId=512",
        note.detail());
    assertEquals(COMPLETED, ledger.status("generic:22"));
  }

  @Test
  void aMalformedDecisionSignalIsNotedInTheTrailAndTheEventStaysInReview() {
    crm.hide("noted@example.com");
    WorkflowStub stub = startEvent(event("generic:23", "noted@example.com", Map.of()));
    awaitReview(stub);
    ContactSyncWorkflow workflow = typed(stub);

    workflow.decideSignal(ReviewDecision.retry(Map.of("email", "not-an-email"), "oscar", null));
    workflow.decideSignal(new ReviewDecision("merge", "1", Map.of(), null, null, null));
    awaitCondition(() -> ledger.trail("generic:23").size() == 5);

    List<Transition> trail = ledger.trail("generic:23");
    Transition badEmail = trail.get(3);
    assertEquals(MANUAL_REVIEW, badEmail.from());
    assertEquals(MANUAL_REVIEW, badEmail.to());
    assertEquals("oscar", badEmail.actor());
    assertTrue(badEmail.detail().contains("not an email address"), badEmail.detail());
    Transition unknown = trail.get(4);
    assertEquals(ReviewDecision.UNKNOWN_ACTOR, unknown.actor());
    assertTrue(unknown.detail().startsWith("decision refused: decision has no 'by'"));
    assertEquals(MANUAL_REVIEW, workflow.state().status());
    assertEquals(MANUAL_REVIEW, ledger.status("generic:23"));

    workflow.decide(ReviewDecision.discard("unfixable", "oscar", null));
    assertEquals(DISCARDED, stub.getResult(SyncResult.class).status());
  }

  @Test
  void theValidatorRefusesEveryDecisionItCanTellIsWrong() {
    crm.hide("strict@example.com");
    WorkflowStub stub = startEvent(event("generic:24", "strict@example.com", Map.of()));
    awaitReview(stub);
    ContactSyncWorkflow workflow = typed(stub);
    int crmCalls = crm.calls().size();
    Map<ReviewDecision, String> wrong =
        Map.of(
            ReviewDecision.retry(Map.of("email", " "), "pat", null),
            "not an email address",
            ReviewDecision.retry(Map.of("email", "pat@"), "pat", null),
            "not an email address",
            new ReviewDecision("merge", "1", Map.of(), null, "pat", null),
            "unknown action",
            new ReviewDecision(null, "1", Map.of(), null, "pat", null),
            "no action",
            ReviewDecision.adopt(" ", "pat", null),
            "numeric CRM id",
            ReviewDecision.adopt("12a", "pat", null),
            "numeric CRM id",
            ReviewDecision.discard("why not", " ", null),
            "no 'by'");

    wrong.forEach(
        (decision, why) -> {
          WorkflowUpdateException refused =
              assertThrows(WorkflowUpdateException.class, () -> workflow.decide(decision));
          assertTrue(rootMessage(refused).contains(why), rootMessage(refused));
        });

    assertEquals(MANUAL_REVIEW, workflow.state().status());
    assertEquals(crmCalls, crm.calls().size(), "no refused decision reached the CRM");
    workflow.decide(ReviewDecision.discard("test", "pat", null));
    assertEquals(DISCARDED, stub.getResult(SyncResult.class).status());
  }

  @Test
  void aRunKeepsTheReviewTimeoutItStartedWithWhenTheWorkerRestartsWithAnother() throws Exception {
    crm.hide("kept@example.com");
    WorkflowStub stub = startEvent(event("generic:25", "kept@example.com", Map.of()));
    SyncState waiting = awaitReview(stub);
    assertEquals(
        LaneSettings.DEFAULT_REVIEW_TIMEOUT.toMillis(),
        waiting.reviewDeadlineMillis() - waiting.reviewSinceMillis());
    var history = client.fetchHistory("generic:25");

    // The same history, replayed by a worker configured with a one-hour review timeout.
    List<ContactSyncWorkflowImpl> replayed = new ArrayList<>();
    LaneSettings restarted = LaneSettings.defaults().withReviewTimeout(Duration.ofHours(1));
    try (TestWorkflowEnvironment other = TestWorkflowEnvironment.newInstance()) {
      Worker replayer = other.newWorker("replay");
      replayer.registerWorkflowImplementationFactory(
          ContactSyncWorkflow.class,
          () -> {
            ContactSyncWorkflowImpl impl = new ContactSyncWorkflowImpl(restarted);
            replayed.add(impl);
            return impl;
          });
      WorkflowReplayer.replayWorkflowExecution(history, replayer);
    }

    SyncState afterRestart = replayed.get(0).state();
    assertEquals(MANUAL_REVIEW, afterRestart.status());
    assertEquals(waiting.reviewDeadlineMillis(), afterRestart.reviewDeadlineMillis());
    typed(stub).decide(ReviewDecision.discard("done", "quinn", null));
    stub.getResult(SyncResult.class);
  }

  @Test
  void anUnexpectedFailureEndsFailedInTheLedgerAndTheRunFails() {
    crm.failNextLookupsUnexpectedly(1);
    WorkflowStub stub = startEvent(event("generic:30", "teapot@example.com", Map.of()));

    WorkflowFailedException failed =
        assertThrows(WorkflowFailedException.class, () -> stub.getResult(SyncResult.class));

    assertTrue(rootMessage(failed).contains("I'm a teapot"), rootMessage(failed));
    assertEquals(FAILED, ledger.status("generic:30"));
    Transition last = last(ledger.trail("generic:30"));
    assertEquals(PROCESSING, last.from());
    assertEquals(ReviewReason.LANE_ERROR.code(), last.reason());
    assertTrue(last.errorPayload().contains("CrmUnexpected: I'm a teapot"), last.errorPayload());
  }

  @Test
  void aBugInTheLaneEndsFailedInTheLedgerAndFailsTheRunInsteadOfRetryingForEver() {
    crm.seed("noid@example.com", Map.of());
    crm.answerLookupsWithoutId(); // the lane dereferences the missing id: a bug
    WorkflowStub stub = startEvent(event("generic:31", "noid@example.com", Map.of("a", "b")));

    WorkflowFailedException failed =
        assertThrows(WorkflowFailedException.class, () -> stub.getResult(SyncResult.class));

    assertTrue(failed.getCause() instanceof ApplicationFailure, failed.toString());
    assertEquals(LaneError.TYPE, ((ApplicationFailure) failed.getCause()).getType());
    assertEquals(FAILED, ledger.status("generic:31"));
    Transition last = last(ledger.trail("generic:31"));
    assertTrue(last.errorPayload().contains("NullPointerException"), last.errorPayload());
  }

  @Test
  void aFailedEventsRedeliveryStartsANewRunThatContinuesTheTrail() {
    crm.failNextLookupsUnexpectedly(1);
    ContactEvent event = event("generic:32", "again@example.com", Map.of("firstname", "A"));
    WorkflowStub first = startEvent(event);
    assertThrows(WorkflowFailedException.class, () -> first.getResult(SyncResult.class));

    SyncResult second = run(event);

    assertEquals(COMPLETED, second.status());
    assertEquals(1, crm.count("again@example.com"));
    List<Transition> trail = ledger.trail("generic:32");
    assertEquals(
        List.of(RECEIVED, PROCESSING, FAILED, PROCESSING, COMPLETED),
        trail.stream().map(Transition::to).toList());
    assertEquals(List.of(1, 2, 3, 4, 5), trail.stream().map(Transition::seq).toList());
    assertEquals(Transition.LANE_ACTOR, trail.get(3).actor());
  }

  @Test
  void anOperatorsRerunOfAFailedEventIsRecordedAsTheOperatorsStep() {
    crm.failNextLookupsUnexpectedly(1);
    ContactEvent event = event("generic:33", "rerun@example.com", Map.of());
    WorkflowStub first = startEvent(event);
    assertThrows(WorkflowFailedException.class, () -> first.getResult(SyncResult.class));

    SyncResult second = run(event.withRerun(new Rerun("alice", "CRM fixed")));

    assertEquals(COMPLETED, second.status());
    Transition rerun = ledger.trail("generic:33").get(3);
    assertEquals(FAILED, rerun.from());
    assertEquals(PROCESSING, rerun.to());
    assertEquals("alice", rerun.actor());
  }

  @Test
  void aKeyReusedWithAnotherPayloadWaitsForReviewAndARetryAppliesIt() {
    String id = crm.seed("first@example.com", Map.of("firstname", "Old"));
    ledger.seedSettled(
        "generic:34",
        COMPLETED,
        id,
        "hash-of-the-first-payload",
        new EventPayload("generic", "first@example.com", Map.of("firstname", "Old"), null));
    WorkflowStub stub =
        startEvent(event("generic:34", "first@example.com", Map.of("firstname", "New")));

    SyncState waiting = awaitReview(stub);
    assertEquals(ReviewReason.KEY_REUSED, waiting.reason());
    Transition review = last(ledger.trail("generic:34"));
    assertEquals(COMPLETED, review.from());
    assertTrue(review.detail().contains("properties.firstname differ"), review.detail());
    assertEquals("New", EventPayload.fromJson(review.errorPayload()).properties().get("firstname"));
    assertTrue(crm.calls().isEmpty(), "nothing is written before a person decides");

    SyncResult answer = typed(stub).decide(ReviewDecision.retry(Map.of(), "hana", "new event"));

    assertEquals(COMPLETED, answer.status());
    assertEquals("New", crm.contact(id).properties().get("firstname"));
    assertEquals(
        List.of(RECEIVED, PROCESSING, COMPLETED, MANUAL_REVIEW, COMPLETED),
        ledger.statuses("generic:34"));
  }

  @Test
  void aKeyReusedWithAnotherPayloadCanBeDiscarded() {
    ledger.seedSettled(
        "generic:35",
        COMPLETED,
        "4243",
        "hash-of-the-first-payload",
        new EventPayload("generic", "one@example.com", Map.of(), null));
    WorkflowStub stub = startEvent(event("generic:35", "two@example.com", Map.of()));
    awaitReview(stub);

    typed(stub).decide(ReviewDecision.discard("a test reused the key", "ivan", null));

    assertEquals(DISCARDED, stub.getResult(SyncResult.class).status());
    assertTrue(crm.calls().isEmpty(), crm.calls().toString());
    assertTrue(last(ledger.trail("generic:35")).detail().contains("a test reused the key"));
  }

  @Test
  void aKeyRedeliveredWithTheSamePayloadIsStillASkippedDuplicate() {
    ledger.seedSettled(
        "generic:36",
        COMPLETED,
        "4244",
        "hash-generic:36",
        new EventPayload("generic", "same@example.com", Map.of(), null));

    SyncResult result = run(event("generic:36", "same@example.com", Map.of()));

    assertEquals(SKIPPED_DUPLICATE, result.status());
    assertTrue(crm.calls().isEmpty());
    assertEquals(COMPLETED, ledger.status("generic:36"));
  }

  @Test
  void aStepTheLedgerRewroteMakesTheWorkflowNumberOnFromTheLedgersAnswer() {
    // As after a Reset: the history says step 2 was the last, the ledger already has a step 3.
    ledger.begin(event("generic:37", "reset@example.com", Map.of()));
    ledger.record(
        new Transition(
            "generic:37",
            3,
            PROCESSING,
            COMPLETED,
            0,
            Transition.LANE_ACTOR,
            null,
            "4245",
            "an earlier run's outcome",
            null,
            1));
    ledger.answerNextBeginAsOf(PROCESSING, 2);
    crm.hide("reset@example.com"); // 409 without an id: review, then a decision

    WorkflowStub stub = startEvent(event("generic:37", "reset@example.com", Map.of()));
    awaitReview(stub);
    typed(stub).decide(ReviewDecision.discard("reset test", "jo", null));

    assertEquals(DISCARDED, stub.getResult(SyncResult.class).status());
    List<Transition> trail = ledger.trail("generic:37");
    assertEquals(List.of(1, 2, 3, 4, 5), trail.stream().map(Transition::seq).toList());
    assertTrue(trail.get(3).detail().startsWith("rewritten: step 3"), trail.get(3).detail());
    assertEquals(DISCARDED, ledger.status("generic:37"));
  }

  private SyncResult run(ContactEvent event) {
    return startEvent(event).getResult(SyncResult.class);
  }

  private WorkflowStub startEvent(ContactEvent event) {
    ContactSyncWorkflow workflow =
        client.newWorkflowStub(
            ContactSyncWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(event.processingId())
                .setTaskQueue(taskQueue)
                .build());
    WorkflowClient.start(workflow::sync, event);
    return WorkflowStub.fromTyped(workflow);
  }

  private ContactSyncWorkflow typed(WorkflowStub stub) {
    return client.newWorkflowStub(ContactSyncWorkflow.class, stub.getExecution().getWorkflowId());
  }

  private SyncState awaitReview(WorkflowStub stub) {
    ContactSyncWorkflow workflow = typed(stub);
    awaitCondition(() -> workflow.state().status() == MANUAL_REVIEW);
    return workflow.state();
  }

  /**
   * Polls until {@code condition} holds, 20 s of wall time at most. Between polls it lets the test
   * server skip ahead, so durable timers (the 409 re-lookup backoff) do not cost real seconds.
   */
  private void awaitCondition(BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within 20 s");
      }
      env.sleep(Duration.ofMillis(500));
    }
  }

  private static ContactEvent event(String id, String email, Map<String, String> properties) {
    return new ContactEvent(
        id, id.substring(0, id.indexOf(':')), email, properties, null, "hash-" + id);
  }

  private static Transition last(List<Transition> trail) {
    return trail.get(trail.size() - 1);
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
