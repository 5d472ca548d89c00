package dev.oncelane.relay.sources;

import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import dev.oncelane.workflows.sync.ContactEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a source read out of a delivery: its idempotency key and the contact data.
 *
 * @param key the source's idempotency key (without the source prefix)
 * @param email the contact's email as sent
 * @param properties CRM properties, values as strings
 * @param occurredAt when the source says it happened (ISO-8601), or null
 * @param skipped what the source left out of the event and why, for people (e.g. {@code data.tags:
 *     not a scalar}); never part of the payload hash
 */
public record SourceEvent(
    String key,
    String email,
    Map<String, String> properties,
    String occurredAt,
    List<String> skipped) {

  public SourceEvent {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
  }

  /** An event with nothing skipped. */
  public SourceEvent(String key, String email, Map<String, String> properties, String occurredAt) {
    this(key, email, properties, occurredAt, List.of());
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
