package dev.oncelane.activities.crm;

import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotContact;
import dev.oncelane.activities.hubspot.HubSpotException;
import dev.oncelane.workflows.crm.CrmActivities;
import dev.oncelane.workflows.crm.CrmContact;
import dev.oncelane.workflows.crm.CrmFailures;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The CRM activities over HubSpot. Each method is one HTTP call; every failure leaves as an {@link
 * ApplicationFailure} typed by {@link CrmFailureClassifier}. Bad arguments (an empty email, a
 * non-numeric id, no properties) fail as {@link CrmFailures#VALIDATION} without a call.
 */
public final class CrmActivitiesImpl implements CrmActivities {

  private final HubSpotClient client;
  private final IntSupplier attempt;

  /** Activities that read the attempt number from the running activity. */
  public CrmActivitiesImpl(HubSpotClient client) {
    this(client, CrmActivitiesImpl::currentAttempt);
  }

  /**
   * @param attempt supplies the attempt number (from 1) the retry delays grow with
   */
  public CrmActivitiesImpl(HubSpotClient client, IntSupplier attempt) {
    this.client = Objects.requireNonNull(client, "client");
    this.attempt = Objects.requireNonNull(attempt, "attempt");
  }

  @Override
  public CrmContact findByEmail(String email) {
    return call(CrmOperation.FIND, () -> client.findContactByEmail(email))
        .map(CrmActivitiesImpl::toCrm)
        .orElse(null);
  }

  @Override
  public CrmContact findById(String id) {
    return call(CrmOperation.FIND, () -> client.findContactById(id))
        .map(CrmActivitiesImpl::toCrm)
        .orElse(null);
  }

  @Override
  public CrmContact create(Map<String, String> properties) {
    return toCrm(call(CrmOperation.CREATE, () -> client.createContact(properties)));
  }

  @Override
  public CrmContact update(String id, Map<String, String> properties) {
    return toCrm(call(CrmOperation.UPDATE, () -> client.updateContact(id, properties)));
  }

  private <T> T call(CrmOperation operation, Supplier<T> request) {
    try {
      return request.get();
    } catch (HubSpotException e) {
      throw CrmFailureClassifier.classify(operation, e, attempt.getAsInt());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), CrmFailures.VALIDATION);
    }
  }

  private static CrmContact toCrm(HubSpotContact contact) {
    return new CrmContact(contact.id(), contact.properties());
  }

  /**
   * The running activity's attempt, from 1; 1 when called outside an activity (tools, tests) and in
   * Temporal's activity test environment, which reports 0.
   */
  private static int currentAttempt() {
    try {
      return Math.max(1, Activity.getExecutionContext().getInfo().getAttempt());
    } catch (IllegalStateException notInActivity) {
      return 1;
    }
  }
}
