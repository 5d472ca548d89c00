package dev.oncelane.workflows.crm;

import java.util.Map;

/**
 * A CRM contact as the lane needs it.
 *
 * @param id the CRM's record id
 * @param properties the record's properties (all strings, as HubSpot returns them)
 */
public record CrmContact(String id, Map<String, String> properties) {
  public CrmContact {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }
}
