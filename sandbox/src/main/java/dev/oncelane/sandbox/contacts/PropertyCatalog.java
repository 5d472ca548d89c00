package dev.oncelane.sandbox.contacts;

import java.util.List;
import java.util.Set;

/**
 * The contact properties the sandbox knows. A fixed set of HubSpot's common contact properties,
 * plus any name starting with {@value #CUSTOM_PREFIX}, which stands in for the portal-specific
 * custom properties a real account defines.
 */
public final class PropertyCatalog {

  public static final String EMAIL = "email";
  public static final String OBJECT_ID = "hs_object_id";
  public static final String CREATE_DATE = "createdate";
  public static final String LAST_MODIFIED_DATE = "lastmodifieddate";
  public static final String CUSTOM_PREFIX = "custom_";

  /** What HubSpot returns for a contact when the caller names no properties. */
  public static final List<String> DEFAULT_READ =
      List.of(CREATE_DATE, EMAIL, "firstname", OBJECT_ID, LAST_MODIFIED_DATE, "lastname");

  /** Properties that HubSpot computes itself; writing them is a validation error. */
  private static final Set<String> READ_ONLY = Set.of(OBJECT_ID, CREATE_DATE, LAST_MODIFIED_DATE);

  private static final Set<String> WRITABLE =
      Set.of(
          EMAIL,
          "firstname",
          "lastname",
          "salutation",
          "phone",
          "mobilephone",
          "fax",
          "company",
          "website",
          "jobtitle",
          "industry",
          "address",
          "city",
          "state",
          "country",
          "zip",
          "lifecyclestage",
          "hs_lead_status",
          "hubspot_owner_id",
          "message",
          "date_of_birth",
          "annualrevenue",
          "numemployees",
          "twitterhandle",
          "hs_language");

  private PropertyCatalog() {}

  public static boolean exists(String name) {
    return WRITABLE.contains(name) || READ_ONLY.contains(name) || isCustom(name);
  }

  public static boolean isReadOnly(String name) {
    return READ_ONLY.contains(name);
  }

  private static boolean isCustom(String name) {
    return name.startsWith(CUSTOM_PREFIX) && name.length() > CUSTOM_PREFIX.length();
  }
}
