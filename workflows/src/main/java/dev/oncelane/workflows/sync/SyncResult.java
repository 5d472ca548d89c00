package dev.oncelane.workflows.sync;

import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.review.ReviewReason;

/**
 * How an event ended, or (answered to a review decision) where the decision left it.
 *
 * @param processingId the workflow id and ledger key
 * @param status the ledger status reached
 * @param crmId the CRM contact written, when there is one
 * @param reason why the event needs or needed a person, when it did
 * @param detail a sentence for people
 */
public record SyncResult(
    String processingId, SyncStatus status, String crmId, ReviewReason reason, String detail) {}
