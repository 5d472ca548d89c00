package dev.oncelane.sandbox.contacts;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Renders a contact the way HubSpot's v3 API does. */
public final class ContactView {

  private ContactView() {}

  /** The record with every property it has. */
  public static Map<String, Object> full(ContactRecord record) {
    return shape(record, new TreeMap<>(record.properties()));
  }

  /**
   * The record with only the named properties; a named property without a value renders as null, as
   * HubSpot does.
   */
  public static Map<String, Object> selected(ContactRecord record, Collection<String> names) {
    Map<String, String> properties = new TreeMap<>();
    for (String name : names) {
      properties.put(name, record.properties().get(name));
    }
    return shape(record, properties);
  }

  private static Map<String, Object> shape(ContactRecord record, Map<String, String> properties) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", Long.toString(record.id()));
    view.put("properties", properties);
    view.put("createdAt", ContactStore.iso(record.createdAt()));
    view.put("updatedAt", ContactStore.iso(record.updatedAt()));
    view.put("archived", false);
    return view;
  }
}
