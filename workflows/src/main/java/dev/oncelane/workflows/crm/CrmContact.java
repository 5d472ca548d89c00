package dev.oncelane.workflows.crm;

import java.util.List;
import java.util.Map;

/**
 * A CRM contact as the lane needs it.
 *
 * @param id the CRM's record id
 * @param properties the record's properties (all strings, as HubSpot returns them)
 * @param droppedProperties on a create or update, the event's properties left out of the write
 *     because the CRM has no such property or cannot write its value (sorted); null or empty when
 *     none were (and in histories recorded before this field existed)
 */
public record CrmContact(
    String id, Map<String, String> properties, List<String> droppedProperties) {
  public CrmContact {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    droppedProperties = droppedProperties == null ? null : List.copyOf(droppedProperties);
  }

  /** A contact read or written with nothing dropped. */
  public CrmContact(String id, Map<String, String> properties) {
    this(id, properties, null);
  }

  /**
   * What the write left out, for the ledger trail: {@code "; dropped properties the CRM lacks or
   * cannot write: a, b"}, or {@code ""} when nothing was dropped.
   */
  public String droppedNote() {
    return droppedProperties == null || droppedProperties.isEmpty()
        ? ""
        : "; dropped properties the CRM lacks or cannot write: "
            + String.join(", ", droppedProperties);
  }
}
