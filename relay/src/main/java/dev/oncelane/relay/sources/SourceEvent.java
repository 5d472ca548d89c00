package dev.oncelane.relay.sources;

import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import dev.oncelane.workflows.sync.ContactEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * What a source read out of a delivery: its idempotency key and the contact data.
 *
 * @param key the source's idempotency key (without the source prefix)
 * @param email the contact's email as sent
 * @param properties CRM properties, values as strings
 * @param occurredAt when the source says it happened (ISO-8601), or null
 */
public record SourceEvent(
    String key, String email, Map<String, String> properties, String occurredAt) {

  public SourceEvent {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  /**
   * The workflow input: processing id {@code <source>:<key>} and the hash of the canonical payload
   * (see {@link CanonicalPayload}).
   *
   * @throws Rejection when {@code properties.email} names another contact than the email
   */
  public ContactEvent toContactEvent(String source) {
    Map<String, String> crmProperties = new HashMap<>(properties);
    String propertyEmail = crmProperties.remove("email");
    if (propertyEmail != null
        && !ContactEvent.normalizeEmail(propertyEmail).equals(ContactEvent.normalizeEmail(email))) {
      // The workflow writes the event's email over properties.email; refuse rather than pick one.
      throw new Rejection(
          RejectionReason.INVALID_EVENT,
          "properties.email differs from the event's email; send one email");
    }
    ContactEvent unhashed =
        new ContactEvent(source + ":" + key, source, email, crmProperties, occurredAt, null);
    return new ContactEvent(
        unhashed.processingId(),
        source,
        unhashed.email(),
        unhashed.properties(),
        occurredAt,
        CanonicalPayload.hash(unhashed));
  }
}
