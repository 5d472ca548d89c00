package dev.oncelane.workflows.crm;

import io.temporal.activity.ActivityInterface;
import java.util.Map;

/**
 * The CRM's contacts, as the workflow uses them. Failures are {@code ApplicationFailure}s typed
 * with the {@link CrmFailures} classes.
 */
@ActivityInterface(namePrefix = "Crm")
public interface CrmActivities {

  /**
   * Reads a contact by email, bypassing the search index ({@code GET
   * /crm/v3/objects/contacts/{email}?idProperty=email}).
   *
   * @return the contact, or null when none has this email
   */
  CrmContact findByEmail(String email);

  /**
   * Reads a contact by id.
   *
   * @return the contact, or null when the CRM has none with this id
   */
  CrmContact findById(String id);

  /**
   * Creates a contact.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link CrmFailures#CONFLICT} with {@link
   *     ConflictDetails} when one with this email exists; {@link CrmFailures#VALIDATION}
   */
  CrmContact create(Map<String, String> properties);

  /**
   * Updates a contact by id.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link CrmFailures#NOT_FOUND} when it is gone;
   *     {@link CrmFailures#VALIDATION}
   */
  CrmContact update(String id, Map<String, String> properties);
}
