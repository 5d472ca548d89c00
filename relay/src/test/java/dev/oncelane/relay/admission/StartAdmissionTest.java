package dev.oncelane.relay.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.relay.start.StartOutcome;
import dev.oncelane.relay.start.TemporalUnavailable;
import dev.oncelane.workflows.sync.ContactEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StartAdmissionTest {

  private static final Duration RETRY_AFTER = Duration.ofSeconds(3);

  private final HeldStarter starter = new HeldStarter();
  private final AtomicLong nanos = new AtomicLong();
  private StartAdmission admission;

  @AfterEach
  void release() {
    starter.release();
    if (admission != null) {
      admission.close();
    }
  }

  private StartAdmission admission(int inFlight, int waiting) {
    admission =
        new StartAdmission(
            starter, inFlight, waiting, Duration.ofSeconds(5), RETRY_AFTER, nanos::get);
    return admission;
  }

  private static ContactEvent event(String key) {
    return event(key, "hash-" + key);
  }

  private static ContactEvent event(String key, String hash) {
    return new ContactEvent(
        "generic:" + key, "generic", key + "@example.com", Map.of(), null, hash);
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.onSpinWait();
    }
  }

  private static Throwable failureOf(CompletableFuture<StartOutcome> future) {
    assertTrue(future.isCompletedExceptionally(), "completed exceptionally");
    try {
      future.join();
      throw new AssertionError("no failure");
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  @Test
  void aDeliveryAfterCloseIsShedAsOverloadedAndHoldsNoSlot() {
    StartAdmission admission = admission(1, 0);
    admission.close();

    CompletableFuture<StartOutcome> answer = admission.start(event("late"));

    assertInstanceOf(RelayOverloaded.class, failureOf(answer));
    assertEquals(0, admission.pendingDeliveries());
    assertEquals(0, admission.waiting());
    assertTrue(starter.entered().isEmpty(), "nothing started");
  }

  @Test
  void runsTheInFlightLimitQueuesTheWaitingLimitAndShedsTheRestWithoutStartingThem() {
    StartAdmission admission = admission(2, 3);
    List<CompletableFuture<StartOutcome>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(admission.start(event("e" + i)));
    }

    await(() -> starter.entered().size() == 2, "two starts to run");
    assertEquals(2, admission.inFlight());
    assertEquals(3, admission.waiting());
    for (int i = 5; i < 8; i++) {
      RelayOverloaded shed = assertInstanceOf(RelayOverloaded.class, failureOf(answers.get(i)));
      assertEquals(RETRY_AFTER, shed.retryAfter());
    }
    for (int i = 0; i < 5; i++) {
      assertFalse(answers.get(i).isDone(), "admitted start " + i + " is still pending");
    }

    starter.release();
    for (int i = 0; i < 5; i++) {
      assertInstanceOf(StartOutcome.Accepted.class, answers.get(i).join());
    }
    assertEquals(5, starter.entered().size());
    for (int i = 5; i < 8; i++) {
      assertFalse(starter.hasRun("generic:e" + i), "a shed delivery started nothing");
    }
    await(() -> admission.waiting() == 0 && admission.inFlight() == 0, "the slots to free");
    assertInstanceOf(StartOutcome.Accepted.class, admission.start(event("e5")).join());
  }

  @Test
  void deliveriesOfOneEventWhileItsStartIsPendingShareItAndTakeNoCapacity() {
    StartAdmission admission = admission(1, 0);
    List<CompletableFuture<StartOutcome>> answers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      answers.add(admission.start(event("crowd")));
    }
    CompletableFuture<StartOutcome> other = admission.start(event("other"));

    assertInstanceOf(RelayOverloaded.class, failureOf(other));
    starter.release();
    Map<String, Integer> byKind = new HashMap<>();
    List<String> runIds = new ArrayList<>();
    for (CompletableFuture<StartOutcome> answer : answers) {
      StartOutcome outcome = answer.join();
      byKind.merge(outcome.getClass().getSimpleName(), 1, Integer::sum);
      if (outcome instanceof StartOutcome.Accepted accepted) {
        runIds.add(accepted.runId());
      } else if (outcome instanceof StartOutcome.Duplicate duplicate) {
        assertEquals("running", duplicate.state());
        runIds.add(duplicate.runId());
      }
    }
    assertEquals(Map.of("Accepted", 1, "Duplicate", 199), byKind);
    assertEquals(1, runIds.stream().distinct().count(), "every answer names the one run");
    assertEquals(List.of("generic:crowd"), starter.entered());
  }

  @Test
  void theSameKeyWithAnotherPayloadIsAStartOfItsOwn() {
    StartAdmission admission = admission(1, 0);
    CompletableFuture<StartOutcome> first = admission.start(event("k", "one"));

    CompletableFuture<StartOutcome> changed = admission.start(event("k", "two"));

    assertInstanceOf(RelayOverloaded.class, failureOf(changed));
    starter.release();
    assertInstanceOf(StartOutcome.Accepted.class, first.join());
    await(() -> admission.inFlight() == 0 && admission.waiting() == 0, "the slot to free");
    assertInstanceOf(StartOutcome.PayloadMismatch.class, admission.start(event("k", "two")).join());
  }

  @Test
  void aFailedStartIsTheAnswerOfEveryDeliveryThatJoinedItAndTheNextDeliveryStartsAfresh() {
    StartAdmission admission = admission(1, 0);
    starter.fail("generic:down");
    List<CompletableFuture<StartOutcome>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(admission.start(event("down")));
    }

    starter.release();
    for (CompletableFuture<StartOutcome> answer : answers) {
      assertInstanceOf(TemporalUnavailable.class, failureOf(awaitDone(answer)));
    }
    assertEquals(1, starter.entered().size());
    await(() -> admission.inFlight() == 0 && admission.waiting() == 0, "the slot to free");
    assertInstanceOf(
        TemporalUnavailable.class, failureOf(awaitDone(admission.start(event("down")))));
    assertEquals(2, starter.entered().size());
  }

  @Test
  void aStartThatWaitedLongerThanItsBoundIsShedWhenItsTurnComesWithoutStarting() {
    StartAdmission admission = admission(1, 1);
    CompletableFuture<StartOutcome> running = admission.start(event("slow"));
    CompletableFuture<StartOutcome> waiting = admission.start(event("patient"));
    await(() -> starter.entered().size() == 1, "the first start to run");

    nanos.addAndGet(Duration.ofSeconds(6).toNanos());
    starter.release();

    assertInstanceOf(StartOutcome.Accepted.class, running.join());
    RelayOverloaded shed = assertInstanceOf(RelayOverloaded.class, failureOf(awaitDone(waiting)));
    assertTrue(shed.getMessage().contains("nothing was started"), shed.getMessage());
    assertEquals(List.of("generic:slow"), starter.entered());
  }

  private static CompletableFuture<StartOutcome> awaitDone(CompletableFuture<StartOutcome> f) {
    await(f::isDone, "the answer");
    return f;
  }
}
