package dev.oncelane.sandbox.contacts;

/** What a write to the {@link ContactStore} did. */
public sealed interface WriteOutcome {

  /** The write was applied; {@code created} tells a new record from an update. */
  record Written(ContactRecord record, boolean created) implements WriteOutcome {}

  /**
   * Another contact already has the email. {@code existingId} is null when that contact is one
   * reads cannot see (a planted hidden contact).
   */
  record Conflict(Long existingId) implements WriteOutcome {}

  /** No contact has the given id or email. */
  record NotFound() implements WriteOutcome {}
}
