package dev.oncelane.workflows.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.review.ReviewReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handshake alone: every accepted decision is answered exactly once. */
class DecisionDeskTest {

  private final DecisionDesk desk = new DecisionDesk();

  @Test
  void aDecisionBeforeAnyReviewIsRefusedAndKeptForTheTrail() {
    ReviewDecision adopt = ReviewDecision.adopt("512", "alice", null);

    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> desk.check(adopt));
    assertTrue(refused.getMessage().contains("no review is open"), refused.getMessage());
    assertFalse(desk.offer(adopt));

    DecisionDesk.Refusal note = desk.drainRefusals().get(0);
    assertEquals("alice", note.actor());
    assertEquals(
        "decision refused: not waiting for a decision: no review is open: action=adopt crmId=512",
        note.detail());
    assertFalse(desk.hasRefusals());
  }

  @Test
  void anAcceptedDecisionIsTakenAnsweredOnceAndFreesTheDesk() {
    desk.open(true);
    ReviewDecision discard = ReviewDecision.discard("test data", "bob", null);
    desk.check(discard);
    int ticket = desk.accept(discard);

    assertTrue(desk.hasDecision());
    DecisionDesk.Accepted taken = desk.take();
    assertEquals(ticket, taken.ticket());
    assertFalse(desk.hasDecision(), "a taken decision is not handed out twice");
    assertFalse(desk.isAnswered(ticket));

    desk.answer(Outcome.discarded("test data").decidedBy(discard, ticket));

    assertTrue(desk.isAnswered(ticket));
    assertEquals(SyncStatus.DISCARDED, desk.collect(ticket).status());
    assertThrows(IllegalStateException.class, () -> desk.collect(ticket));
    assertEquals(discard, desk.lastDecision());
  }

  @Test
  void aSecondDecisionWhileOneIsAppliedIsRefused() {
    desk.open(true);
    desk.accept(ReviewDecision.retry(Map.of(), "carol", null));
    desk.take();
    ReviewDecision second = ReviewDecision.discard("changed my mind", "dave", null);

    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> desk.check(second));
    assertTrue(refused.getMessage().contains("another decision is being applied"));
    assertFalse(desk.offer(second));
    assertEquals("dave", desk.drainRefusals().get(0).actor());
  }

  @Test
  void aDecisionAfterTheDeskClosedIsRefusedWithTheReason() {
    desk.open(true);
    desk.close("review expired at 2026-12-14T10:00:00Z");

    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> desk.check(ReviewDecision.discard("late", "erin", null)));
    assertEquals("review expired at 2026-12-14T10:00:00Z", refused.getMessage());
  }

  @Test
  void aDecisionAcceptedBeforeTheDeskClosedIsStillTakenAndAnswered() {
    desk.open(true);
    ReviewDecision discard = ReviewDecision.discard("spam", "frank", null);
    int ticket = desk.accept(discard);
    desk.close("review expired at 2026-12-14T10:00:00Z");

    assertTrue(desk.hasDecision());
    desk.take();
    desk.answer(Outcome.discarded("spam").decidedBy(discard, ticket));
    assertEquals(SyncStatus.DISCARDED, desk.collect(ticket).status());
  }

  @Test
  void aDecisionLeftUnansweredWhenTheRunEndsIsAnsweredAsRefused() {
    desk.open(true);
    int ticket = desk.accept(ReviewDecision.discard("spam", "gina", null));

    desk.refuseAll("the event is failed; nothing waits for a decision");

    Outcome answer = desk.collect(ticket);
    assertTrue(answer.refused());
    assertEquals("the event is failed; nothing waits for a decision", answer.detail());
    assertFalse(desk.hasDecision());
  }

  @Test
  void anotherReviewRoundAnswersTheDecisionThatLedToItAndAcceptsTheNext() {
    desk.open(true);
    ReviewDecision retry = ReviewDecision.retry(Map.of(), "hank", null);
    int ticket = desk.accept(retry);
    desk.take();

    desk.answer(
        Outcome.review(ReviewReason.VALIDATION_ERROR, "the CRM refused the values", "bad")
            .decidedBy(retry, ticket));
    desk.open(true);

    assertEquals(SyncStatus.MANUAL_REVIEW, desk.collect(ticket).status());
    desk.check(ReviewDecision.discard("unfixable", "hank", null));
  }

  @Test
  void answeringATicketTheDeskDoesNotHoldIsABug() {
    desk.open(true);
    desk.accept(ReviewDecision.discard("x", "ivy", null));

    assertThrows(
        IllegalStateException.class, () -> desk.answer(Outcome.discarded("x").decidedBy(null, 7)));
  }

  @Test
  void malformedDecisionsAreRefusedBeforeTheStateIsLookedAt() {
    desk.open(true);
    List<ReviewDecision> malformed =
        List.of(
            new ReviewDecision(null, null, Map.of(), null, "jo", null),
            new ReviewDecision("merge", null, Map.of(), null, "jo", null),
            ReviewDecision.adopt(" ", "jo", null),
            ReviewDecision.adopt("abc", "jo", null),
            ReviewDecision.adopt("12", null, null),
            ReviewDecision.retry(Map.of("email", " "), "jo", null),
            ReviewDecision.retry(Map.of("email", "not-an-email"), "jo", null),
            ReviewDecision.discard("", "jo", null));

    for (ReviewDecision decision : malformed) {
      assertThrows(IllegalArgumentException.class, () -> desk.check(decision), decision.toString());
      assertFalse(desk.offer(decision), decision.toString());
    }
    assertEquals(malformed.size(), desk.drainRefusals().size());
    assertFalse(desk.hasDecision());
  }

  @Test
  void aRefusalWithoutAByIsNotedAsFromAnUnknownSender() {
    assertFalse(desk.offer(ReviewDecision.adopt("12", " ", null)));
    assertFalse(desk.offer(null));

    List<DecisionDesk.Refusal> notes = desk.drainRefusals();
    assertEquals(ReviewDecision.UNKNOWN_ACTOR, notes.get(0).actor());
    assertEquals(ReviewDecision.UNKNOWN_ACTOR, notes.get(1).actor());
    assertTrue(notes.get(1).detail().startsWith("decision refused: the signal carries no"));
  }

  @Test
  void runsFromBeforeTheEmailCheckStillAcceptASignalWithABadRetryEmail() {
    desk.open(false);

    assertTrue(desk.offer(ReviewDecision.retry(Map.of("email", "still-bad"), "kim", null)));
  }
}
