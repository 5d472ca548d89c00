package dev.oncelane.workflows.freshness;

/**
 * Which event wrote a contact property's current value, as the ledger keeps it.
 *
 * @param objectKey the contact's email, normalized
 * @param property the CRM property name, e.g. {@code firstname}
 * @param key the ordering key of the event that wrote it
 * @param writtenAt when the ledger recorded the write, epoch milliseconds
 */
public record PropertyVersion(String objectKey, String property, OrderingKey key, long writtenAt) {

  /** E.g. {@code firstname kept: newer value from generic:evt-9 at 2026-11-30T10:00:00Z}. */
  public String describeKept() {
    return property + " kept: newer value from " + key.processingId() + " at " + key.eventInstant();
  }
}
