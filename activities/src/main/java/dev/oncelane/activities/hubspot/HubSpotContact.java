package dev.oncelane.activities.hubspot;

import java.util.Map;

/**
 * A contact record as HubSpot returns it.
 *
 * @param id the record id
 * @param properties the properties that have a value (HubSpot sends every value as a string;
 *     properties it answers with {@code null} are left out)
 * @param createdAt ISO-8601 creation time, or null
 * @param updatedAt ISO-8601 last change, or null
 * @param archived whether the record is archived
 */
public record HubSpotContact(
    String id,
    Map<String, String> properties,
    String createdAt,
    String updatedAt,
    boolean archived) {
  public HubSpotContact {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }
}
