package dev.oncelane.workflows.sync;

import static dev.oncelane.workflows.ledger.SyncStatus.COMPLETED;
import static dev.oncelane.workflows.ledger.SyncStatus.MANUAL_REVIEW;
import static dev.oncelane.workflows.ledger.SyncStatus.PROCESSING;
import static dev.oncelane.workflows.ledger.SyncStatus.RESOLVED_AFTER_409;
import static dev.oncelane.workflows.ledger.SyncStatus.SKIPPED_STALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workflows.freshness.OrderingKey;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.lock.ContactLockWorkflowImpl;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.visibility.LaneSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Newest wins, on the test server: events about one contact arrive out of order, at once, or while
 * an older one waits for review, and the CRM ends with each property's newest value.
 */
class NewestWinsWorkflowTest {

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

  private static final String EMAIL = "ada@example.com";
  private static final String AT_9 = "2026-11-30T09:00:00Z";
  private static final String AT_10 = "2026-11-30T10:00:00Z";

  private final FakeCrm crm = new FakeCrm();
  private final InMemoryLedger ledger = new InMemoryLedger();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    worker.registerActivitiesImplementations(crm, ledger, new LockRequests(client));
    env.start();
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
  }

  @Test
  void aLateOlderEventLeavesTheNewerValueAndNamesItInTheTrail() {
    SyncResult newer = run(event("generic:evt-9", AT_10, Map.of("firstname", "NEW")));
    SyncResult older =
        run(event("generic:evt-1", AT_9, Map.of("firstname", "OLD", "lastname", "Lovelace")));

    assertEquals(COMPLETED, newer.status());
    assertEquals(COMPLETED, older.status());
    Map<String, String> contact = crm.contact(newer.crmId()).properties();
    assertEquals("NEW", contact.get("firstname"));
    assertEquals("Lovelace", contact.get("lastname"));
    assertEquals(1, crm.count(EMAIL));
    assertTrue(
        last(ledger.trail("generic:evt-1"))
            .detail()
            .contains("firstname kept: newer value from generic:evt-9 at " + AT_10),
        last(ledger.trail("generic:evt-1")).detail());
  }

  @Test
  void aPropertyTheCrmDroppedIsNotRecordedAsWrittenSoAnOlderEventMayStillSetIt() {
    crm.lacksProperty("favourite_colour");
    SyncResult newer =
        run(event("generic:evt-9", AT_10, Map.of("firstname", "NEW", "favourite_colour", "red")));

    assertEquals(COMPLETED, newer.status());
    assertTrue(ledger.version(EMAIL, "firstname") != null, "firstname is recorded");
    assertEquals(
        null, ledger.version(EMAIL, "favourite_colour"), "the CRM never held the dropped value");
  }

  @Test
  void anOlderEventWhoseEveryPropertyIsNewerWritesNothingAndEndsSkippedStale() {
    SyncResult newer = run(event("generic:evt-9", AT_10, Map.of("firstname", "NEW")));
    long writesBefore = crm.calls().stream().filter(c -> !c.startsWith("find")).count();

    SyncResult older = run(event("generic:evt-1", AT_9, Map.of("firstname", "OLD")));

    assertEquals(SKIPPED_STALE, older.status());
    assertEquals(SKIPPED_STALE, ledger.status("generic:evt-1"));
    assertEquals(writesBefore, crm.calls().stream().filter(c -> !c.startsWith("find")).count());
    assertEquals("NEW", crm.contact(newer.crmId()).properties().get("firstname"));
    assertEquals(
        "nothing written: firstname kept: newer value from generic:evt-9 at " + AT_10,
        older.detail());
  }

  @Test
  void twoRacingEventsForOneContactEndWithTheNewerValues() {
    for (int round = 0; round < 5; round++) {
      String email = "race" + round + "@example.com";
      WorkflowStub older =
          startEvent(event("generic:old-" + round, email, AT_9, Map.of("firstname", "OLD")));
      WorkflowStub newer =
          startEvent(event("generic:new-" + round, email, AT_10, Map.of("firstname", "NEW")));

      older.getResult(SyncResult.class);
      SyncResult settled = newer.getResult(SyncResult.class);

      assertEquals("NEW", crm.contact(settled.crmId()).properties().get("firstname"), email);
      assertEquals(1, crm.count(email), email);
    }
  }

  @Test
  void tenEventsDeliveredInRandomOrderLeaveTheNewestValueOfEachProperty() throws Exception {
    Random random = new Random(42);
    List<String> names = List.of("firstname", "lastname", "city", "phone");
    List<ContactEvent> events = new ArrayList<>();
    Map<String, String> newest = new TreeMap<>();
    for (int i = 0; i < 10; i++) {
      Map<String, String> properties = new HashMap<>();
      for (String name : names) {
        if (random.nextBoolean()) {
          properties.put(name, name + "-" + i);
          newest.put(name, name + "-" + i); // events are built oldest first
        }
      }
      String occurredAt = Instant.parse(AT_9).plus(Duration.ofMinutes(i)).toString();
      events.add(event("generic:evt-" + i, occurredAt, properties));
    }
    Collections.shuffle(events, random);

    List<WorkflowStub> runs = new ArrayList<>();
    for (ContactEvent e : events) {
      runs.add(startEvent(e));
      Thread.sleep(random.nextInt(30));
    }
    String crmId = null;
    for (WorkflowStub run : runs) {
      SyncResult result = run.getResult(SyncResult.class);
      crmId = result.crmId() != null ? result.crmId() : crmId;
    }

    Map<String, String> contact = new TreeMap<>(crm.contact(crmId).properties());
    contact.remove("email");
    assertEquals(newest, contact);
    assertEquals(1, crm.count(EMAIL));
  }

  @Test
  void aReviewDoesNotHoldTheContactAndItsLateDecisionKeepsTheNewerValue() {
    String id = crm.seed(EMAIL, Map.of("firstname", "Seed"));
    crm.conflictsNameNoId();
    crm.missNextLookups(4); // the first lookup and the three after the 409 miss: review
    WorkflowStub older =
        startEvent(
            event("generic:evt-1", AT_9, Map.of("firstname", "OLD", "lastname", "Lovelace")));
    awaitReview(older);

    SyncResult newer = run(event("generic:evt-9", AT_10, Map.of("firstname", "NEW")));
    assertEquals(COMPLETED, newer.status(), "the newer event went ahead while the older waited");

    SyncResult decided = typed(older).decide(ReviewDecision.adopt(id, "alice", "same person"));

    assertEquals(RESOLVED_AFTER_409, decided.status());
    Map<String, String> contact = crm.contact(id).properties();
    assertEquals("NEW", contact.get("firstname"));
    assertEquals("Lovelace", contact.get("lastname"));
    assertTrue(
        decided.detail().contains("firstname kept: newer value from generic:evt-9"),
        decided.detail());
  }

  @Test
  void aCreateMeeting409AfterANewerEventSettledUpdatesOnlyWhatIsStillNewest() {
    SyncResult newer = run(event("generic:evt-9", AT_10, Map.of("firstname", "NEW")));
    crm.missNextLookups(1); // the older event does not see the contact and creates: 409

    SyncResult older =
        run(event("generic:evt-1", AT_9, Map.of("firstname", "OLD", "lastname", "Lovelace")));

    assertEquals(RESOLVED_AFTER_409, older.status());
    Map<String, String> contact = crm.contact(newer.crmId()).properties();
    assertEquals("NEW", contact.get("firstname"));
    assertEquals("Lovelace", contact.get("lastname"));
  }

  @Test
  void aRetryDecisionChecksFreshnessAgainWhenItWrites() {
    crm.hide(EMAIL); // 409 without an id, and no lookup finds the contact: review
    WorkflowStub older = startEvent(event("generic:evt-1", AT_9, Map.of("firstname", "OLD")));
    awaitReview(older);
    ledger.recordWritten(
        EMAIL,
        new OrderingKey(Instant.parse(AT_10).toEpochMilli(), 0, "generic:evt-9"),
        Set.of("firstname"));

    SyncResult decided = typed(older).decide(ReviewDecision.retry(Map.of(), "bob", "try again"));

    assertEquals(SKIPPED_STALE, decided.status());
    assertEquals(
        List.of(MANUAL_REVIEW, SKIPPED_STALE), ledger.statuses("generic:evt-1").subList(2, 4));
  }

  @Test
  void aForcedRerunOfACompletedEventRunsTheLaneAgainAndFindsItsOwnValuesFresh() {
    ContactEvent event = event("generic:evt-1", AT_9, Map.of("firstname", "Ada"));
    SyncResult first = run(event);
    crm.update(first.crmId(), Map.of("firstname", "lost in an outage"));

    SyncResult again = run(event.withRerun(Rerun.forced("alice", "CRM restored from backup")));

    assertEquals(COMPLETED, again.status());
    assertEquals("Ada", crm.contact(first.crmId()).properties().get("firstname"));
    assertEquals(1, crm.count(EMAIL));
    List<Transition> trail = ledger.trail("generic:evt-1");
    assertEquals(
        List.of(COMPLETED, PROCESSING, COMPLETED),
        trail.subList(2, 5).stream().map(Transition::to).toList());
    assertEquals("alice", trail.get(3).actor());
    assertEquals("forced rerun: CRM restored from backup", trail.get(3).detail());
  }

  @Test
  void aBackfillWritesOnlyItsPropertiesAndKeepsWhatANewerEventWrote() {
    ContactEvent older =
        event(
            "generic:evt-1", AT_9, Map.of("firstname", "OLD", "lastname", "Lovelace", "city", "X"));
    SyncResult first = run(older);
    run(event("generic:evt-9", AT_10, Map.of("firstname", "NEW")));
    crm.update(first.crmId(), Map.of("lastname", "", "city", "moved"));
    Map<String, String> named = Map.of("firstname", "OLD", "lastname", "Lovelace");
    ContactEvent backfill =
        new ContactEvent(
                older.processingId(),
                older.source(),
                older.email(),
                named,
                older.occurredAt(),
                older.payloadHash())
            .withAcceptedAt(older.acceptedAt())
            .withRerun(Rerun.backfill("alice", null, List.of("firstname", "lastname")));

    SyncResult backfilled = run(backfill);

    assertEquals(COMPLETED, backfilled.status());
    Map<String, String> contact = crm.contact(first.crmId()).properties();
    assertEquals("Lovelace", contact.get("lastname"));
    assertEquals("NEW", contact.get("firstname"), "a newer event's value stays");
    assertEquals("moved", contact.get("city"), "a property the backfill does not name stays");
    List<Transition> trail = ledger.trail("generic:evt-1");
    assertEquals("backfill: firstname,lastname", trail.get(3).detail());
    assertTrue(
        last(trail).detail().contains("firstname kept: newer value from generic:evt-9"),
        last(trail).detail());
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

  private void awaitReview(WorkflowStub stub) {
    ContactSyncWorkflow workflow = typed(stub);
    Instant deadline = Instant.now().plusSeconds(20);
    BooleanSupplier inReview = () -> workflow.state().status() == MANUAL_REVIEW;
    while (!inReview.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not in review within 20 s");
      }
      env.sleep(Duration.ofMillis(500));
    }
  }

  private static ContactEvent event(String id, String occurredAt, Map<String, String> properties) {
    return event(id, EMAIL, occurredAt, properties);
  }

  private static ContactEvent event(
      String id, String email, String occurredAt, Map<String, String> properties) {
    return new ContactEvent(id, "generic", email, properties, occurredAt, "hash-" + id)
        .withAcceptedAt(Instant.parse(AT_10).plusSeconds(3600).toEpochMilli());
  }

  private static Transition last(List<Transition> trail) {
    return trail.get(trail.size() - 1);
  }
}
