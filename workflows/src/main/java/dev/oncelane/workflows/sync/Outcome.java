package dev.oncelane.workflows.sync;

import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.review.ReviewReason;

/**
 * Where one write attempt left the event: settled, or waiting for a person. When an operator's
 * decision led here, it carries the decision and the ticket of the caller waiting for the answer.
 */
record Outcome(
    SyncStatus status,
    String crmId,
    ReviewReason reason,
    String detail,
    String crmMessage,
    ReviewDecision decision,
    int ticket,
    boolean refused) {

  static final int NO_TICKET = -1;

  static Outcome written(SyncStatus status, String crmId, String detail) {
    return new Outcome(status, crmId, null, detail, null, null, NO_TICKET, false);
  }

  static Outcome review(ReviewReason reason, String detail, String crmMessage) {
    return new Outcome(
        SyncStatus.MANUAL_REVIEW, null, reason, detail, crmMessage, null, NO_TICKET, false);
  }

  static Outcome expired() {
    return new Outcome(
        SyncStatus.FAILED,
        null,
        ReviewReason.REVIEW_EXPIRED,
        "nobody decided before the review deadline",
        null,
        null,
        NO_TICKET,
        false);
  }

  static Outcome discarded(String why) {
    return new Outcome(SyncStatus.DISCARDED, null, null, why, null, null, NO_TICKET, false);
  }

  /** Newest wins: newer events already wrote every property; {@code kept} names them. */
  static Outcome skippedStale(String crmId, String kept) {
    return new Outcome(
        SyncStatus.SKIPPED_STALE,
        crmId,
        null,
        "nothing written: " + kept,
        null,
        null,
        NO_TICKET,
        false);
  }

  /** The same outcome, naming the properties left to newer events ({@code kept}, may be empty). */
  Outcome keeping(String kept) {
    if (kept == null || kept.isEmpty()) {
      return this;
    }
    return new Outcome(
        status, crmId, reason, detail + "; " + kept, crmMessage, decision, ticket, refused);
  }

  /** True when the CRM holds the event's values now. */
  boolean isWritten() {
    return status == SyncStatus.COMPLETED || status == SyncStatus.RESOLVED_AFTER_409;
  }

  boolean needsReview() {
    return status == SyncStatus.MANUAL_REVIEW;
  }

  /** The same outcome, reached because of {@code decision} (answered under {@code ticket}). */
  Outcome decidedBy(ReviewDecision decision, int ticket) {
    return new Outcome(status, crmId, reason, detail, crmMessage, decision, ticket, refused);
  }

  /** A decision the CRM made impossible: the event stays in review for the same reason. */
  static Outcome refusal(ReviewReason reason, String detail, String crmMessage) {
    return new Outcome(
        SyncStatus.MANUAL_REVIEW, null, reason, detail, crmMessage, null, NO_TICKET, true);
  }

  /** Who the step into this outcome is by: the deciding operator, else the lane. */
  String actor() {
    return decision == null ? Transition.LANE_ACTOR : decision.by();
  }

  /** The trail's sentence: the decision that led here, if any, then what happened. */
  String describe() {
    return decision == null ? detail : decision.describe() + " → " + detail;
  }
}
