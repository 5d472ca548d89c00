package dev.oncelane.activities.crm;

import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotContact;
import dev.oncelane.activities.hubspot.HubSpotProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CRM requests one activity needs, each answered for that activity alone: directly by the
 * {@link HubSpotClient} (one HTTP call each), or coalesced with other activities' requests into
 * batch calls ({@link dev.oncelane.activities.crm.batch.CrmBatcher}). Either way a request answers
 * or throws exactly what the client's single call would: {@link
 * dev.oncelane.activities.hubspot.HubSpotException} for the CRM's refusal or no answer, {@link
 * IllegalArgumentException} for bad arguments, and, when a shared request budget gives no request
 * in time, {@link CrmBudgetWaitExceeded}.
 */
public interface ContactRequests {

  /** As {@link HubSpotClient#findContactByEmail}. */
  Optional<HubSpotContact> findContactByEmail(String email);

  /** As {@link HubSpotClient#findContactById}. */
  Optional<HubSpotContact> findContactById(String id);

  /** As {@link HubSpotClient#createContact}. */
  HubSpotContact createContact(Map<String, String> properties);

  /** As {@link HubSpotClient#updateContact}. */
  HubSpotContact updateContact(String id, Map<String, String> properties);

  /** As {@link HubSpotClient#listContactProperties}. */
  List<HubSpotProperty> listContactProperties();

  /** One HTTP call per request, as the client makes it. */
  static ContactRequests direct(HubSpotClient client) {
    return new ContactRequests() {
      @Override
      public Optional<HubSpotContact> findContactByEmail(String email) {
        return client.findContactByEmail(email);
      }

      @Override
      public Optional<HubSpotContact> findContactById(String id) {
        return client.findContactById(id);
      }

      @Override
      public HubSpotContact createContact(Map<String, String> properties) {
        return client.createContact(properties);
      }

      @Override
      public HubSpotContact updateContact(String id, Map<String, String> properties) {
        return client.updateContact(id, properties);
      }

      @Override
      public List<HubSpotProperty> listContactProperties() {
        return client.listContactProperties();
      }
    };
  }
}
