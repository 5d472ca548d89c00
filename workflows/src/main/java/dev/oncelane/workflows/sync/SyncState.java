package dev.oncelane.workflows.sync;

import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.review.ReviewDecision;
import dev.oncelane.workflows.review.ReviewReason;
import java.util.Map;

/**
 * The live state of one {@link ContactSyncWorkflow}, answered by its query.
 *
 * @param processingId the workflow id and ledger key
 * @param status where the event stands now
 * @param email the key being written (an operator's retry may have corrected it)
 * @param properties the properties that will be written
 * @param crmId the CRM contact, once known
 * @param reason why it waits for a person, while it does
 * @param crmMessage the CRM's own words for the last failure, if any
 * @param reviewSinceMillis when the current review began (epoch millis), or 0
 * @param reviewDeadlineMillis when an undecided review expires (epoch millis), or 0
 * @param lastDecision the last operator decision applied, if any
 */
public record SyncState(
    String processingId,
    SyncStatus status,
    String email,
    Map<String, String> properties,
    String crmId,
    ReviewReason reason,
    String crmMessage,
    long reviewSinceMillis,
    long reviewDeadlineMillis,
    ReviewDecision lastDecision) {}
