package dev.oncelane.workers.demo;

import dev.oncelane.workers.demo.LaneEndpoints.Delivery;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.review.ReviewReason;
import dev.oncelane.workflows.sync.ContactSyncWorkflow;
import dev.oncelane.workflows.sync.SyncState;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The deliveries that break naive lanes, played against a running stack. Every key and email
 * carries a run tag, so the demo can be played again against the same stack.
 */
final class DemoScenarios {

  private final LaneEndpoints lane;
  private final WorkflowClient temporal;
  private final Duration timeout;
  private final String tag;

  DemoScenarios(LaneEndpoints lane, WorkflowClient temporal, Duration timeout, String tag) {
    this.lane = lane;
    this.temporal = temporal;
    this.timeout = timeout;
    this.tag = tag;
  }

  List<ScenarioResult> playAll() throws Exception {
    return List.of(
        redeliveryAfterSlowAck(),
        fiftyDeliveriesAtOnce(),
        createWhoseAnswerIsLost(),
        twoEventsRaceForOneEmail(),
        invalidEmail(),
        conflictThatNamesNoId());
  }

  ScenarioResult redeliveryAfterSlowAck() throws Exception {
    String key = "slow-ack-" + tag;
    String email = "slow-ack-" + tag + "@example.com";
    Delivery first = lane.deliver(key, email, Map.of("firstname", "Ada"));
    SyncState done = awaitState("generic:" + key);
    Delivery again = lane.deliver(key, email, Map.of("firstname", "Ada"));
    long contacts = lane.contactsWithEmail(email);
    return new ScenarioResult(
        "redelivered after a slow ack",
        "202, then 200 duplicate; 1 contact",
        first.status()
            + ", then "
            + again.status()
            + " "
            + again.body().path("status").asText()
            + "; "
            + done.status().code()
            + "; "
            + contacts
            + " contact(s)",
        first.accepted() && again.duplicate() && contacts == 1 && done.status().isSettled());
  }

  ScenarioResult fiftyDeliveriesAtOnce() throws Exception {
    String key = "storm-" + tag;
    String email = "storm-" + tag + "@example.com";
    List<Delivery> answers = concurrently(50, () -> lane.deliver(key, email, Map.of()));
    long accepted = answers.stream().filter(Delivery::accepted).count();
    long duplicates = answers.stream().filter(Delivery::duplicate).count();
    SyncState done = awaitState("generic:" + key);
    long contacts = lane.contactsWithEmail(email);
    return new ScenarioResult(
        "the same event 50 times at once",
        "1 accepted, 49 duplicate; 1 contact",
        accepted
            + " accepted, "
            + duplicates
            + " duplicate; "
            + done.status().code()
            + "; "
            + contacts
            + " contact(s)",
        accepted == 1 && duplicates == 49 && contacts == 1 && done.status().isSettled());
  }

  ScenarioResult createWhoseAnswerIsLost() throws Exception {
    String key = "lost-answer-" + tag;
    String email = "lost-answer-" + tag + "@example.com";
    lane.dropNextWrites(1);
    Delivery first = lane.deliver(key, email, Map.of("firstname", "Lin"));
    SyncState done = awaitState("generic:" + key);
    long contacts = lane.contactsWithEmail(email);
    return new ScenarioResult(
        "a create whose answer is lost after it committed",
        "retry meets 409, resolved_after_409; 1 contact",
        done.status().code() + "; " + contacts + " contact(s)",
        first.accepted() && done.status() == SyncStatus.RESOLVED_AFTER_409 && contacts == 1);
  }

  ScenarioResult twoEventsRaceForOneEmail() throws Exception {
    String email = "race-" + tag + "@example.com";
    List<Delivery> answers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Delivery> a = pool.submit(() -> lane.deliver("race-a-" + tag, email, Map.of()));
      Future<Delivery> b = pool.submit(() -> lane.deliver("race-b-" + tag, email, Map.of()));
      answers.add(a.get());
      answers.add(b.get());
    } finally {
      pool.shutdownNow();
    }
    SyncState a = awaitState("generic:race-a-" + tag);
    SyncState b = awaitState("generic:race-b-" + tag);
    long contacts = lane.contactsWithEmail(email);
    return new ScenarioResult(
        "two different events for one email racing",
        "both written to 1 contact",
        a.status().code() + " + " + b.status().code() + "; " + contacts + " contact(s)",
        answers.stream().allMatch(Delivery::accepted)
            && a.status().isSettled()
            && b.status().isSettled()
            && contacts == 1
            && a.crmId() != null
            && a.crmId().equals(b.crmId()));
  }

  ScenarioResult invalidEmail() throws Exception {
    String key = "invalid-email-" + tag;
    Delivery first = lane.deliver(key, "not-an-email-" + tag, Map.of());
    SyncState parked = awaitState("generic:" + key);
    return new ScenarioResult(
        "an invalid email",
        "manual_review (validation_error)",
        parked.status().code() + reasonOf(parked),
        first.accepted()
            && parked.status() == SyncStatus.MANUAL_REVIEW
            && parked.reason() == ReviewReason.VALIDATION_ERROR);
  }

  ScenarioResult conflictThatNamesNoId() throws Exception {
    String key = "hidden-" + tag;
    String email = "hidden-" + tag + "@example.com";
    lane.hideContact(email);
    Delivery first = lane.deliver(key, email, Map.of());
    SyncState parked = awaitState("generic:" + key);
    return new ScenarioResult(
        "a 409 that names no id",
        "manual_review (unresolved_conflict); 0 new contacts",
        parked.status().code()
            + reasonOf(parked)
            + "; "
            + lane.contactsWithEmail(email)
            + " contact(s)",
        first.accepted()
            && parked.status() == SyncStatus.MANUAL_REVIEW
            && parked.reason() == ReviewReason.UNRESOLVED_CONFLICT
            && lane.contactsWithEmail(email) == 0);
  }

  /** Waits until the event is settled or waits for a person; fails at the timeout. */
  private SyncState awaitState(String processingId) throws IOException {
    ContactSyncWorkflow workflow =
        temporal.newWorkflowStub(ContactSyncWorkflow.class, processingId);
    Instant deadline = Instant.now().plus(timeout);
    SyncState last = null;
    while (Instant.now().isBefore(deadline)) {
      last = workflow.state();
      if (last.status().isSettled() || last.status() == SyncStatus.MANUAL_REVIEW) {
        return last;
      }
      pause();
    }
    throw new IOException(
        processingId
            + " reached no terminal state within "
            + timeout
            + (last == null ? "" : " (last: " + last.status().code() + ")"));
  }

  private static String reasonOf(SyncState state) {
    return state.reason() == null ? "" : " (" + state.reason().code() + ")";
  }

  private static List<Delivery> concurrently(int n, Callable<Delivery> delivery) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Delivery>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(delivery));
      }
      List<Delivery> answers = new ArrayList<>();
      for (Future<Delivery> f : futures) {
        answers.add(f.get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
