package dev.oncelane.activities.hubspot;

/**
 * A contact property as {@code GET /crm/v3/properties/contacts} describes it, as far as the lane
 * needs it.
 *
 * @param name the internal name used in {@code properties}
 * @param readOnlyValue {@code modificationMetadata.readOnlyValue}: HubSpot refuses writes
 * @param calculated HubSpot computes the value
 * @param hidden hidden in HubSpot's UI (still writable)
 */
public record HubSpotProperty(
    String name, boolean readOnlyValue, boolean calculated, boolean hidden) {

  /** Whether a write may set this property. */
  public boolean writable() {
    return !readOnlyValue && !calculated;
  }
}
