package dev.oncelane.workflows.sync;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One inbound event, as the relay hands it to {@link ContactSyncWorkflow}.
 *
 * <p>The email is normalized in the constructor so that every copy of an event (relay, history,
 * replay, ledger) agrees on the key, whichever path created it.
 *
 * @param processingId the workflow id, {@code <source>:<idempotency key>}; also the ledger's key
 * @param source the webhook source ({@code typeform}, {@code generic})
 * @param email the contact's email, trimmed and lower-cased
 * @param properties CRM properties to write; HubSpot property values are strings
 * @param occurredAt when the source says the event happened (ISO-8601), or null
 * @param payloadHash SHA-256 of the canonical payload, to tell a changed redelivery apart
 * @param rerun set when an operator started this run of a failed event ({@code oncelane rerun});
 *     null for a delivery. Absent from histories recorded before it existed, which read it as null.
 * @param acceptedAt when the relay accepted the delivery, epoch milliseconds, taken before the
 *     start so replay sees the same value; null in events started before the relay stamped it (see
 *     {@link dev.oncelane.workflows.freshness.OrderingKey#of}). Not part of the payload hash: every
 *     redelivery has its own.
 */
public record ContactEvent(
    String processingId,
    String source,
    String email,
    Map<String, String> properties,
    String occurredAt,
    String payloadHash,
    Rerun rerun,
    Long acceptedAt) {

  public static final String OBJECT_TYPE = "contact";

  /** Something, {@code @}, a domain with a dot: what HubSpot accepts as an email address. */
  private static final Pattern EMAIL_SHAPE = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  public ContactEvent {
    email = normalizeEmail(email);
    properties = properties == null ? Map.of() : new TreeMap<>(properties);
  }

  /**
   * A delivered event (no rerun) without an accept time, as events were before the relay stamped
   * one.
   */
  public ContactEvent(
      String processingId,
      String source,
      String email,
      Map<String, String> properties,
      String occurredAt,
      String payloadHash) {
    this(processingId, source, email, properties, occurredAt, payloadHash, null, null);
  }

  /** This event as the relay accepted it at {@code epochMillis}. */
  public ContactEvent withAcceptedAt(long epochMillis) {
    return new ContactEvent(
        processingId, source, email, properties, occurredAt, payloadHash, rerun, epochMillis);
  }

  /** The same event, run again by an operator. */
  public ContactEvent withRerun(Rerun rerun) {
    return new ContactEvent(
        processingId, source, email, properties, occurredAt, payloadHash, rerun, acceptedAt);
  }

  /** Trims and lower-cases an email; HubSpot treats emails case-insensitively. */
  public static String normalizeEmail(String email) {
    return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether {@code email} (trimmed) has the shape HubSpot accepts, e.g. {@code ada@example.com};
   * {@code bob@} and {@code bob@example} do not. The one email rule of the lane (operator
   * corrections, imported rows); webhooks are not held to it, the CRM answers them.
   */
  public static boolean isEmailAddress(String email) {
    return email != null && EMAIL_SHAPE.matcher(email.trim()).matches();
  }

  /** The properties to send to the CRM, with the normalized email among them. */
  public Map<String, String> crmProperties() {
    Map<String, String> all = new TreeMap<>(properties);
    if (email != null) {
      all.put("email", email);
    }
    return all;
  }
}
