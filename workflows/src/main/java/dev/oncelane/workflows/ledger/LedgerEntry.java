package dev.oncelane.workflows.ledger;

/**
 * An event's ledger row as {@link LedgerActivities#begin} found or made it.
 *
 * @param processingId the event's workflow id
 * @param status its current status
 * @param crmId the CRM contact written, if any
 * @param lastSeq the number of the last step in its trail
 * @param payloadHash the payload hash the ledger keeps for the key (of the first delivery), or null
 *     when unknown (rows written before hashes, histories recorded before this field)
 * @param payload the canonical event the ledger keeps for the key, or null when unknown
 */
public record LedgerEntry(
    String processingId,
    SyncStatus status,
    String crmId,
    int lastSeq,
    String payloadHash,
    EventPayload payload) {

  /** An entry without the stored payload. */
  public LedgerEntry(String processingId, SyncStatus status, String crmId, int lastSeq) {
    this(processingId, status, crmId, lastSeq, null, null);
  }

  /**
   * True when the ledger settled this key with another payload than {@code hash}: the key was
   * reused for a different event. False when either hash is unknown.
   */
  public boolean heldAnotherPayloadThan(String hash) {
    return payloadHash != null && hash != null && !payloadHash.equals(hash);
  }
}
