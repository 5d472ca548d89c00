package dev.oncelane.activities.ledger;

import dev.oncelane.workflows.ledger.EventPayload;
import dev.oncelane.workflows.ledger.SyncStatus;

/**
 * One row of {@code sync_ledger}: an event and where it stands now.
 *
 * @param processingId the event's workflow id, {@code <source>:<idempotency key>}
 * @param source the webhook source
 * @param objectType the CRM object type, {@code contact}
 * @param objectKey the normalized email the event is about, or null if it had none
 * @param status the current status
 * @param crmId the CRM record written, once known
 * @param reason the review reason (a {@link dev.oncelane.workflows.review.ReviewReason} code) while
 *     in review or after a review that did not end in a CRM write; null otherwise
 * @param errorPayload the CRM's message for the failure behind {@code reason}, if any
 * @param attempts CRM writes (creates and updates) issued for the event so far
 * @param payloadHash SHA-256 of the canonical payload of the first delivery
 * @param payload that delivery's canonical event, or null for rows written before it was kept
 * @param createdAtMillis when the ledger first saw the event (epoch millis)
 * @param updatedAtMillis when the row last changed (epoch millis)
 * @param acceptedAtMillis the first delivery's {@link
 *     dev.oncelane.workflows.sync.ContactEvent#acceptedAt()} (epoch millis; an imported row's
 *     submit time plus its line), its place under newest wins when replayed; null for rows written
 *     before it was kept, or for an event that carried none
 */
public record LedgerRow(
    String processingId,
    String source,
    String objectType,
    String objectKey,
    SyncStatus status,
    String crmId,
    String reason,
    String errorPayload,
    int attempts,
    String payloadHash,
    long createdAtMillis,
    long updatedAtMillis,
    EventPayload payload,
    Long acceptedAtMillis) {}
