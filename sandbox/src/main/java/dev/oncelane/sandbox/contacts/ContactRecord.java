package dev.oncelane.sandbox.contacts;

import java.time.Instant;
import java.util.Map;

/**
 * One version of a stored contact. Immutable: every write makes a new version, which is what lets
 * the search index lag behind reads.
 *
 * @param id the numeric record id
 * @param properties every property with a value, including hs_object_id, createdate and
 *     lastmodifieddate; the email, when present, is lower case
 * @param createdAt when the record was created
 * @param updatedAt when this version was written
 */
public record ContactRecord(
    long id, Map<String, String> properties, Instant createdAt, Instant updatedAt) {

  public ContactRecord {
    properties = Map.copyOf(properties);
  }

  /** The email, or null if the contact has none. */
  public String email() {
    return properties.get(PropertyCatalog.EMAIL);
  }
}
