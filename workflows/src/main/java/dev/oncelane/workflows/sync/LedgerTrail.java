package dev.oncelane.workflows.sync;

import dev.oncelane.workflows.ledger.LedgerActivities;
import dev.oncelane.workflows.ledger.LedgerEntry;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.review.ReviewReason;
import dev.oncelane.workflows.visibility.LaneSearchAttributes;
import io.temporal.workflow.Workflow;

/**
 * Where the workflow writes a transition: numbers each step, records it in the ledger and mirrors
 * it into the search attributes. Step numbers come from the workflow, so a retried ledger write is
 * recognised as the same step. Only the workflow's main flow writes here (message handlers queue
 * what they want noted), so steps are numbered in the order they are written.
 */
final class LedgerTrail {

  private final LedgerActivities ledger;
  private final String processingId;
  private SyncStatus current;
  private int lastSeq;

  LedgerTrail(LedgerActivities ledger, LedgerEntry entry, String source) {
    this.ledger = ledger;
    this.processingId = entry.processingId();
    this.current = entry.status();
    this.lastSeq = entry.lastSeq();
    Workflow.upsertTypedSearchAttributes(
        LaneSearchAttributes.SOURCE.valueSet(source),
        LaneSearchAttributes.STATUS.valueSet(current.code()));
  }

  SyncStatus current() {
    return current;
  }

  /**
   * Records the step into {@code outcome}'s status, by the operator whose decision led there or by
   * the lane, with the outcome's reason, sentence and CRM message.
   */
  void enter(Outcome outcome, String crmId, int crmWrites) {
    move(
        outcome.status(),
        outcome.actor(),
        outcome.reason(),
        crmId,
        outcome.describe(),
        outcome.crmMessage(),
        crmWrites);
  }

  /** Records a step the lane takes by itself, with no review reason and no CRM error. */
  void laneStep(SyncStatus to, String crmId, String detail, int crmWrites) {
    move(to, Transition.LANE_ACTOR, null, crmId, detail, null, crmWrites);
  }

  /**
   * Records the lane's failure: a step to {@code failed} with the reason and the error as its
   * payload.
   */
  void laneFailure(
      ReviewReason reason, String crmId, String detail, String errorPayload, int crmWrites) {
    move(SyncStatus.FAILED, Transition.LANE_ACTOR, reason, crmId, detail, errorPayload, crmWrites);
  }

  /**
   * Records a note: a step from the current status to itself, which the ledger keeps in the trail
   * without moving the event (see {@link Transition#recordsANote()}). Search attributes stay as
   * they are.
   */
  void note(String actor, String detail, String crmId, int crmWrites) {
    Integer used =
        ledger.record(
            new Transition(
                processingId,
                lastSeq + 1,
                current,
                current,
                Workflow.currentTimeMillis(),
                actor,
                null,
                crmId,
                detail,
                null,
                crmWrites));
    lastSeq = used == null ? lastSeq + 1 : used;
  }

  /** Records {@code current → to}; see {@link Transition} for the fields. */
  private void move(
      SyncStatus to,
      String actor,
      ReviewReason reason,
      String crmId,
      String detail,
      String errorPayload,
      int crmWrites) {
    Transition step =
        new Transition(
            processingId,
            lastSeq + 1,
            current,
            to,
            Workflow.currentTimeMillis(),
            actor,
            reason == null ? null : reason.code(),
            crmId,
            detail,
            errorPayload,
            crmWrites);
    // The ledger answers the number it used: another one when the step rewrote a step it already
    // had (after a Reset). Histories from before it answered carry null.
    Integer used = ledger.record(step);
    lastSeq = used == null ? step.seq() : used;
    // A late redelivery is noted in the trail; the event keeps the outcome it had.
    if (to != SyncStatus.SKIPPED_DUPLICATE) {
      current = to;
    }
    Workflow.upsertTypedSearchAttributes(
        LaneSearchAttributes.STATUS.valueSet(to.code()),
        reason == null
            ? LaneSearchAttributes.REASON.valueUnset()
            : LaneSearchAttributes.REASON.valueSet(reason.code()));
  }
}
