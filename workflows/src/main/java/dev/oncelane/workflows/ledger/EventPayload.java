package dev.oncelane.workflows.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oncelane.workflows.sync.ContactEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The canonical event the ledger keeps beside its payload hash: what the hash was taken of, so a
 * key reused for a different event can be shown field by field. Stored as JSON in {@code
 * sync_ledger.payload}.
 *
 * @param source the webhook source
 * @param email the normalized email
 * @param properties the CRM properties, sorted
 * @param occurredAt the source's event time (ISO-8601), or null
 */
public record EventPayload(
    String source, String email, Map<String, String> properties, String occurredAt) {

  public EventPayload {
    properties = properties == null ? Map.of() : new TreeMap<>(properties);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public static EventPayload of(ContactEvent event) {
    return new EventPayload(event.source(), event.email(), event.properties(), event.occurredAt());
  }

  /**
   * The fields that differ, named {@code email}, {@code occurredAt}, {@code source} or {@code
   * properties.<name>}, in that order and sorted; empty when the payloads are equal.
   */
  public List<String> differingFields(EventPayload other) {
    List<String> fields = new ArrayList<>();
    if (!Objects.equals(email, other.email)) {
      fields.add("email");
    }
    if (!Objects.equals(occurredAt, other.occurredAt)) {
      fields.add("occurredAt");
    }
    if (!Objects.equals(source, other.source)) {
      fields.add("source");
    }
    TreeSet<String> names = new TreeSet<>(properties.keySet());
    names.addAll(other.properties.keySet());
    for (String name : names) {
      if (!Objects.equals(properties.get(name), other.properties.get(name))) {
        fields.add("properties." + name);
      }
    }
    return fields;
  }

  /** The payload as JSON, keys in a fixed order, e.g. {@code {"source":"generic",...}}. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the event payload", e);
    }
  }

  /**
   * Reads {@link #toJson()}'s form.
   *
   * @throws IllegalArgumentException when {@code json} is not such a payload
   */
  public static EventPayload fromJson(String json) {
    try {
      return JSON.readValue(json, EventPayload.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an event payload: " + e.getOriginalMessage(), e);
    }
  }

  /** The value of a field named as {@link #differingFields} names it, or null. */
  public String field(String name) {
    return switch (name) {
      case "email" -> email;
      case "occurredAt" -> occurredAt;
      case "source" -> source;
      default ->
          name.startsWith("properties.")
              ? properties.get(name.substring("properties.".length()))
              : null;
    };
  }
}
