package dev.oncelane.sandbox.contacts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One contact property as HubSpot's properties API describes it ({@code GET
 * /crm/v3/properties/contacts}).
 *
 * @param name the internal name written in {@code properties}
 * @param label the name people see
 * @param type {@code string}, {@code number}, {@code date}, {@code datetime}, {@code enumeration},
 *     {@code bool}, {@code phone_number}
 * @param fieldType the form control: {@code text}, {@code textarea}, {@code number}, {@code date},
 *     {@code select}, {@code phonenumber}, {@code booleancheckbox}, {@code calculation_equation}
 * @param groupName the property group, e.g. {@code contactinformation}
 * @param readOnlyValue whether HubSpot refuses writes of its value ({@code
 *     modificationMetadata.readOnlyValue})
 * @param calculated whether HubSpot computes it
 * @param hidden whether it is hidden in HubSpot's UI (it can still be written)
 * @param hubspotDefined whether it is one of HubSpot's default properties (not a portal's custom
 *     one)
 * @param options an enumeration's allowed values, empty otherwise
 */
public record PropertyDefinition(
    String name,
    String label,
    String type,
    String fieldType,
    String groupName,
    boolean readOnlyValue,
    boolean calculated,
    boolean hidden,
    boolean hubspotDefined,
    List<String> options) {

  public PropertyDefinition {
    options = options == null ? List.of() : List.copyOf(options);
  }

  /** A writable HubSpot default property. */
  static PropertyDefinition standard(
      String name, String label, String type, String fieldType, String groupName) {
    return new PropertyDefinition(
        name, label, type, fieldType, groupName, false, false, false, true, List.of());
  }

  /** A HubSpot default property whose value HubSpot sets itself. */
  static PropertyDefinition readOnly(String name, String label, String type, boolean calculated) {
    return new PropertyDefinition(
        name,
        label,
        type,
        calculated ? "calculation_equation" : "text",
        "contactinformation",
        true,
        calculated,
        false,
        true,
        List.of());
  }

  /** HubSpot's JSON for this property, in the v3 properties API's shape. */
  public Map<String, Object> toJson(int displayOrder) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("label", label);
    json.put("type", type);
    json.put("fieldType", fieldType);
    json.put("description", "");
    json.put("groupName", groupName);
    json.put(
        "options",
        options.stream()
            .map(
                o ->
                    Map.of(
                        "label",
                        o,
                        "value",
                        o,
                        "displayOrder",
                        options.indexOf(o),
                        "hidden",
                        false))
            .toList());
    json.put("displayOrder", displayOrder);
    json.put("calculated", calculated);
    json.put("externalOptions", false);
    json.put("hasUniqueValue", name.equals(PropertyCatalog.EMAIL));
    json.put("hidden", hidden);
    json.put("hubspotDefined", hubspotDefined);
    json.put(
        "modificationMetadata",
        Map.of(
            "archivable", !hubspotDefined,
            "readOnlyDefinition", hubspotDefined,
            "readOnlyValue", readOnlyValue));
    json.put("formField", !readOnlyValue);
    json.put("archived", false);
    return json;
  }
}
