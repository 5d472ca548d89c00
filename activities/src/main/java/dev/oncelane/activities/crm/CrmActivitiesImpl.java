package dev.oncelane.activities.crm;

import dev.oncelane.activities.hubspot.HubSpotApiException;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotContact;
import dev.oncelane.activities.hubspot.HubSpotError;
import dev.oncelane.activities.hubspot.HubSpotException;
import dev.oncelane.workflows.crm.CrmActivities;
import dev.oncelane.workflows.crm.CrmContact;
import dev.oncelane.workflows.crm.CrmFailures;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The CRM activities over HubSpot. Each method is one HTTP call; every failure leaves as an {@link
 * ApplicationFailure} typed by {@link CrmFailureClassifier}. Bad arguments (an empty email, a
 * non-numeric id, no properties) fail as {@link CrmFailures#VALIDATION} without a call.
 *
 * <p>With a {@link ContactPropertyCatalog}, creates and updates carry only the properties the CRM
 * has and can write: the rest are dropped from the write, reported to the listener and returned in
 * {@link CrmContact#droppedProperties()}, and the contact is still written. When the CRM answers
 * {@code PROPERTY_DOESNT_EXIST} anyway (a property was deleted since the catalog was read), the
 * catalog is read again and the write repeated once within the same attempt.
 *
 * <p>The requests go through {@link ContactRequests}: one HTTP call each, or coalesced with other
 * activities' requests into HubSpot batch calls; either way this activity sees only its own answer
 * or its own failure.
 */
public final class CrmActivitiesImpl implements CrmActivities {

  private final ContactRequests client;
  private final IntSupplier attempt;
  private final ContactPropertyCatalog catalog;
  private final Consumer<String> onDropped;

  /**
   * Activities that send properties unfiltered (the CRM refuses a write naming one it lacks) and
   * read the attempt number from the running activity.
   */
  public CrmActivitiesImpl(HubSpotClient client) {
    this(client, CrmActivitiesImpl::currentAttempt);
  }

  /**
   * @param attempt supplies the attempt number (from 1) the retry delays grow with
   */
  public CrmActivitiesImpl(HubSpotClient client, IntSupplier attempt) {
    this(client, attempt, null, property -> {});
  }

  /**
   * @param catalog the CRM's properties, or null to send every property
   * @param onDropped called with each property name a write left out (e.g. to count it)
   */
  public CrmActivitiesImpl(
      HubSpotClient client,
      IntSupplier attempt,
      ContactPropertyCatalog catalog,
      Consumer<String> onDropped) {
    this(
        ContactRequests.direct(Objects.requireNonNull(client, "client")),
        attempt,
        catalog,
        onDropped);
  }

  /**
   * @param requests how requests reach the CRM (directly, or batched)
   * @param catalog the CRM's properties, or null to send every property
   * @param onDropped called with each property name a write left out (e.g. to count it)
   */
  public CrmActivitiesImpl(
      ContactRequests requests,
      IntSupplier attempt,
      ContactPropertyCatalog catalog,
      Consumer<String> onDropped) {
    this.client = Objects.requireNonNull(requests, "requests");
    this.attempt = Objects.requireNonNull(attempt, "attempt");
    this.catalog = catalog;
    this.onDropped = Objects.requireNonNull(onDropped, "onDropped");
  }

  /**
   * The activities the worker runs: properties checked against the CRM's catalog (re-read every
   * {@link ContactPropertyCatalog#DEFAULT_MAX_AGE}), each dropped one passed to {@code onDropped}.
   */
  public static CrmActivitiesImpl withCatalog(HubSpotClient client, Consumer<String> onDropped) {
    return withCatalog(ContactRequests.direct(client), onDropped);
  }

  /**
   * As {@link #withCatalog(HubSpotClient, Consumer)}, every request (catalog reads included) going
   * through {@code requests}.
   */
  public static CrmActivitiesImpl withCatalog(
      ContactRequests requests, Consumer<String> onDropped) {
    return new CrmActivitiesImpl(
        requests,
        CrmActivitiesImpl::currentAttempt,
        new ContactPropertyCatalog(
            requests::listContactProperties,
            Clock.systemUTC(),
            ContactPropertyCatalog.DEFAULT_MAX_AGE),
        onDropped);
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
    return call(CrmOperation.CREATE, () -> write(properties, client::createContact, null));
  }

  @Override
  public CrmContact update(String id, Map<String, String> properties) {
    return call(
        CrmOperation.UPDATE, () -> write(properties, kept -> client.updateContact(id, kept), id));
  }

  /**
   * Writes what the catalog allows; repeats once after re-reading the catalog when the CRM says a
   * property does not exist. An update left with nothing to write makes no call.
   */
  private CrmContact write(
      Map<String, String> properties,
      Function<Map<String, String>, HubSpotContact> request,
      String updatedId) {
    if (catalog == null) {
      return toCrm(request.apply(properties), null);
    }
    for (int round = 0; ; round++) {
      ContactPropertyCatalog.Split split = catalog.split(properties);
      try {
        if (updatedId != null && split.kept().isEmpty() && !properties.isEmpty()) {
          report(split.dropped());
          return new CrmContact(updatedId, Map.of(), split.dropped());
        }
        HubSpotContact written = request.apply(split.kept());
        report(split.dropped());
        return toCrm(written, split.dropped());
      } catch (HubSpotApiException e) {
        if (round > 0 || !namesMissingProperty(e.error())) {
          throw e;
        }
        catalog.invalidate();
      }
    }
  }

  private void report(List<String> dropped) {
    for (String property : dropped) {
      try {
        onDropped.accept(property);
      } catch (RuntimeException e) {
        // Counting must never fail a write that succeeded.
      }
    }
  }

  private static boolean namesMissingProperty(HubSpotError error) {
    if (error.errors().stream().anyMatch(d -> "PROPERTY_DOESNT_EXIST".equals(d.code()))) {
      return true;
    }
    String message = error.bestMessage();
    return message != null && message.contains("PROPERTY_DOESNT_EXIST");
  }

  private <T> T call(CrmOperation operation, Supplier<T> request) {
    try {
      return request.get();
    } catch (HubSpotException e) {
      throw CrmFailureClassifier.classify(operation, e, attempt.getAsInt());
    } catch (CrmBudgetWaitExceeded e) {
      throw CrmFailureClassifier.budgetWaitExceeded(e, attempt.getAsInt());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), CrmFailures.VALIDATION);
    }
  }

  private static CrmContact toCrm(HubSpotContact contact) {
    return toCrm(contact, null);
  }

  private static CrmContact toCrm(HubSpotContact contact, List<String> dropped) {
    return new CrmContact(
        contact.id(), contact.properties(), dropped == null || dropped.isEmpty() ? null : dropped);
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
