package dev.oncelane.workflows.ledger;

/**
 * An event's ledger row as {@link LedgerActivities#begin} found or made it.
 *
 * @param processingId the event's workflow id
 * @param status its current status
 * @param crmId the CRM contact written, if any
 * @param lastSeq the number of the last step in its trail
 */
public record LedgerEntry(String processingId, SyncStatus status, String crmId, int lastSeq) {}
