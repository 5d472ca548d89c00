package dev.oncelane.sandbox.contacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contact properties a sandbox portal has: a set of HubSpot's default contact properties, plus
 * the custom ones created through {@code POST /crm/v3/properties/contacts}. A write naming any
 * other property is refused ({@code PROPERTY_DOESNT_EXIST}), as is a write of a read-only one.
 * Thread-safe.
 */
public final class PropertyCatalog {

  public static final String EMAIL = "email";
  public static final String OBJECT_ID = "hs_object_id";
  public static final String CREATE_DATE = "createdate";
  public static final String LAST_MODIFIED_DATE = "lastmodifieddate";

  /** What HubSpot returns for a contact when the caller names no properties. */
  public static final List<String> DEFAULT_READ =
      List.of(CREATE_DATE, EMAIL, "firstname", OBJECT_ID, LAST_MODIFIED_DATE, "lastname");

  private static final String INFO = "contactinformation";

  private static final List<PropertyDefinition> DEFAULTS =
      List.of(
          PropertyDefinition.standard(EMAIL, "Email", "string", "text", INFO),
          PropertyDefinition.standard("firstname", "First Name", "string", "text", INFO),
          PropertyDefinition.standard("lastname", "Last Name", "string", "text", INFO),
          PropertyDefinition.standard("salutation", "Salutation", "string", "text", INFO),
          PropertyDefinition.standard("phone", "Phone Number", "string", "phonenumber", INFO),
          PropertyDefinition.standard(
              "mobilephone", "Mobile Phone Number", "string", "phonenumber", INFO),
          PropertyDefinition.standard("fax", "Fax Number", "string", "phonenumber", INFO),
          PropertyDefinition.standard("company", "Company Name", "string", "text", INFO),
          PropertyDefinition.standard("website", "Website URL", "string", "text", INFO),
          PropertyDefinition.standard("jobtitle", "Job Title", "string", "text", INFO),
          PropertyDefinition.standard("industry", "Industry", "string", "text", INFO),
          PropertyDefinition.standard("address", "Street Address", "string", "text", INFO),
          PropertyDefinition.standard("city", "City", "string", "text", INFO),
          PropertyDefinition.standard("state", "State/Region", "string", "text", INFO),
          PropertyDefinition.standard("country", "Country/Region", "string", "text", INFO),
          PropertyDefinition.standard("zip", "Postal Code", "string", "text", INFO),
          PropertyDefinition.standard("lifecyclestage", "Lifecycle Stage", "string", "text", INFO),
          PropertyDefinition.standard("hs_lead_status", "Lead Status", "string", "text", INFO),
          PropertyDefinition.standard("hubspot_owner_id", "Contact owner", "string", "text", INFO),
          PropertyDefinition.standard("message", "Message", "string", "textarea", INFO),
          PropertyDefinition.standard("date_of_birth", "Date of birth", "string", "text", INFO),
          PropertyDefinition.standard("annualrevenue", "Annual Revenue", "string", "text", INFO),
          PropertyDefinition.standard(
              "numemployees", "Number of Employees", "string", "text", INFO),
          PropertyDefinition.standard("twitterhandle", "Twitter Username", "string", "text", INFO),
          new PropertyDefinition(
              "hs_language",
              "Preferred language",
              "enumeration",
              "select",
              INFO,
              false,
              false,
              true,
              true,
              List.of()),
          PropertyDefinition.readOnly(OBJECT_ID, "Record ID", "number", false),
          PropertyDefinition.readOnly(CREATE_DATE, "Create Date", "datetime", false),
          PropertyDefinition.readOnly(LAST_MODIFIED_DATE, "Last Modified Date", "datetime", false),
          PropertyDefinition.readOnly("hs_email_domain", "Email Domain", "string", true));

  private final Map<String, PropertyDefinition> byName = new LinkedHashMap<>();

  /** A catalog holding HubSpot's default contact properties. */
  public PropertyCatalog() {
    reset();
  }

  /** Back to HubSpot's default properties only. */
  public synchronized void reset() {
    byName.clear();
    DEFAULTS.forEach(p -> byName.put(p.name(), p));
  }

  public synchronized boolean exists(String name) {
    return byName.containsKey(name);
  }

  public synchronized boolean isReadOnly(String name) {
    PropertyDefinition p = byName.get(name);
    return p != null && (p.readOnlyValue() || p.calculated());
  }

  public synchronized Optional<PropertyDefinition> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every property, defaults first, then custom ones in the order they were created. */
  public synchronized List<PropertyDefinition> all() {
    return new ArrayList<>(byName.values());
  }

  /**
   * Adds a custom property.
   *
   * @return false when a property with this name exists (nothing changes)
   */
  public synchronized boolean create(PropertyDefinition property) {
    return byName.putIfAbsent(property.name(), property) == null;
  }
}
