package dev.oncelane.workflows.sync;

import dev.oncelane.workflows.review.ReviewDecision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The handshake between operators' decisions and the lane that waits for them. Its one rule:
 * <b>every accepted decision is answered exactly once</b>, so an Update caller never waits forever.
 *
 * <p>The desk is closed until a review opens, and closed again when the review ends (a decision
 * settled the event, or the deadline passed and the expiry is being written). While open, it
 * accepts one decision at a time: the Update handler and the Signal handler hand it in ({@link
 * #accept}, {@link #offer}), the lane takes it ({@link #take}), applies it and answers its ticket
 * ({@link #answer}); a second decision meanwhile is refused. A decision accepted before the desk
 * closed is still taken and answered; {@link #refuseAll} answers anything left when the run ends.
 *
 * <p>Decisions turned away are kept ({@link #drainRefusals}) for the lane to note in the ledger
 * trail: handlers do not write the trail themselves, so its steps are numbered by one writer.
 *
 * <p>Plain Java under the workflow's single-threaded model: the workflow does the waiting ({@code
 * Workflow.await} on {@link #hasDecision} or {@link #isAnswered}).
 */
final class DecisionDesk {

  /** A decision the desk accepted, and the ticket its caller waits on. */
  record Accepted(int ticket, ReviewDecision decision) {}

  /** A decision the desk turned away, and why: a note for the ledger trail. */
  record Refusal(ReviewDecision decision, String why) {

    /** Who sent it, as the trail names them. */
    String actor() {
      return decision == null ? ReviewDecision.UNKNOWN_ACTOR : decision.actor();
    }

    /** The trail's sentence, e.g. {@code decision refused: no review is open: action=adopt …}. */
    String detail() {
      return "decision refused: "
          + why
          + ": "
          + (decision == null ? "no decision" : decision.summary());
    }
  }

  private boolean open;
  private String closedBecause = "not waiting for a decision: no review is open";
  private boolean signalEmailChecks = true;
  private Accepted held;
  private boolean taken;
  private int nextTicket;
  private final Map<Integer, Outcome> answers = new HashMap<>();
  private final List<Refusal> refusals = new ArrayList<>();
  private ReviewDecision lastDecision;

  /**
   * Opens the desk for a review round.
   *
   * @param signalEmailChecks whether a signal's {@code retry} email is checked too (runs started
   *     before that check accepted such signals, and replay must accept them again)
   */
  void open(boolean signalEmailChecks) {
    this.open = true;
    this.signalEmailChecks = signalEmailChecks;
  }

  /** Closes the desk; decisions from now on are refused with {@code why}. */
  void close(String why) {
    this.open = false;
    this.closedBecause = why;
  }

  boolean isOpen() {
    return open;
  }

  /**
   * The Update validator's check: everything about the decision itself, then whether the desk can
   * take it now.
   *
   * @throws IllegalArgumentException when the decision is malformed
   * @throws IllegalStateException when no review is open, it has expired, or another decision is
   *     being applied
   */
  void check(ReviewDecision decision) {
    decision.validate();
    checkState();
  }

  /**
   * Accepts a decision the validator let through and returns the ticket its answer will carry.
   * Never refuses: on replay the validator is skipped and what was accepted must be accepted again.
   */
  int accept(ReviewDecision decision) {
    held = new Accepted(nextTicket++, decision);
    taken = false;
    return held.ticket();
  }

  /**
   * A decision signal: accepted as {@link #accept} when it passes the checks, else kept as a {@link
   * Refusal}.
   *
   * @return whether it was accepted
   */
  boolean offer(ReviewDecision decision) {
    try {
      if (decision == null) {
        throw new IllegalArgumentException("the signal carries no decision");
      }
      if (signalEmailChecks) {
        decision.validate();
      } else {
        decision.validateShape();
      }
      checkState();
    } catch (IllegalArgumentException | IllegalStateException refused) {
      refusals.add(new Refusal(decision, refused.getMessage()));
      return false;
    }
    accept(decision);
    return true;
  }

  private void checkState() {
    if (!open) {
      throw new IllegalStateException(closedBecause);
    }
    if (held != null) {
      throw new IllegalStateException("another decision is being applied; try again shortly");
    }
  }

  /** Whether an accepted decision waits for the lane to take it. */
  boolean hasDecision() {
    return held != null && !taken;
  }

  /** Hands the waiting decision to the lane, which must {@link #answer} its ticket. */
  Accepted take() {
    if (!hasDecision()) {
      throw new IllegalStateException("no decision to take");
    }
    taken = true;
    lastDecision = held.decision();
    return held;
  }

  /**
   * Answers the caller of the decision that led to {@code outcome}, if one did, and frees the desk
   * for the next decision.
   */
  void answer(Outcome outcome) {
    if (outcome.ticket() == Outcome.NO_TICKET) {
      return;
    }
    if (held == null || held.ticket() != outcome.ticket()) {
      throw new IllegalStateException("ticket " + outcome.ticket() + " is not the one held");
    }
    answers.put(outcome.ticket(), outcome);
    held = null;
    taken = false;
  }

  /** Answers, as refused with {@code why}, a decision accepted and not yet answered, if any. */
  void refuseAll(String why) {
    if (held != null) {
      answers.put(held.ticket(), Outcome.refusal(null, why, null));
      held = null;
      taken = false;
    }
  }

  boolean isAnswered(int ticket) {
    return answers.containsKey(ticket);
  }

  /** The answer for {@code ticket}, handed out once. */
  Outcome collect(int ticket) {
    Outcome answer = answers.remove(ticket);
    if (answer == null) {
      throw new IllegalStateException("ticket " + ticket + " has no answer");
    }
    return answer;
  }

  boolean hasRefusals() {
    return !refusals.isEmpty();
  }

  /** The decisions turned away since the last call, oldest first. */
  List<Refusal> drainRefusals() {
    List<Refusal> drained = List.copyOf(refusals);
    refusals.clear();
    return drained;
  }

  /** The last decision the lane took, if any. */
  ReviewDecision lastDecision() {
    return lastDecision;
  }
}
