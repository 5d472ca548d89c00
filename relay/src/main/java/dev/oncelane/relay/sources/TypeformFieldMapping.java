package dev.oncelane.relay.sources;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which CRM property a Typeform answer lands in, by the question's {@code ref}.
 *
 * <p>A mapped ref is renamed; a ref mapped to an empty name is dropped. An unmapped ref keeps its
 * own name (so naming a question's ref after a CRM property is enough), unless {@code mappedOnly}
 * is set, in which case it is dropped.
 *
 * @param refToProperty question ref to CRM property name
 * @param mappedOnly whether answers to unmapped questions are dropped
 */
public record TypeformFieldMapping(Map<String, String> refToProperty, boolean mappedOnly) {

  /** Every answer under its own ref. */
  public static final TypeformFieldMapping IDENTITY = new TypeformFieldMapping(Map.of(), false);

  public TypeformFieldMapping {
    refToProperty = refToProperty == null ? Map.of() : Map.copyOf(refToProperty);
  }

  /**
   * Parses {@code ref=property,ref2=property2} (whitespace ignored; {@code ref=} drops the ref).
   *
   * @throws IllegalArgumentException naming the entry that has no {@code =}
   */
  public static TypeformFieldMapping parse(String spec, boolean mappedOnly) {
    Map<String, String> map = new LinkedHashMap<>();
    if (spec != null) {
      for (String entry : spec.split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "Typeform field mapping entry '" + entry.trim() + "' is not ref=property");
        }
        map.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
      }
    }
    return new TypeformFieldMapping(map, mappedOnly);
  }

  /** The property for a ref, or null when the answer is not forwarded. */
  public String propertyFor(String ref) {
    if (ref == null || ref.isBlank()) {
      return null;
    }
    String mapped = refToProperty.get(ref);
    if (mapped != null) {
      return mapped.isEmpty() ? null : mapped;
    }
    return mappedOnly ? null : ref;
  }
}
