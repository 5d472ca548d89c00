package dev.oncelane.relay.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.relay.Ignored;
import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import dev.oncelane.relay.signatures.SignatureVerifier;
import dev.oncelane.relay.signatures.StandardWebhooksVerifier;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The canonical event, {@code {"type":"contact.upsert","occurredAt":…,"email":…,"properties":{…}}},
 * from any Standard Webhooks sender or internal producer.
 *
 * <p>Key: the {@code webhook-id} header, else the {@code Idempotency-Key} header (a quoted
 * structured-field string or a bare token). When a secret is configured every delivery must carry a
 * valid Standard Webhooks signature, so internal producers sign too; the signed {@code webhook-id}
 * is then the key.
 *
 * <p>Property values that are strings, numbers or booleans are taken as their text; {@code null}
 * becomes {@code ""}, which clears the property in HubSpot; objects and arrays are refused.
 */
public final class GenericSource implements WebhookSource {

  public static final String NAME = "generic";
  public static final String EVENT_TYPE = "contact.upsert";
  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  private final String name;
  private final SignatureVerifier verifier;

  /**
   * @param secret the Standard Webhooks secret; null accepts unsigned deliveries
   * @param clock the time signature timestamps are compared with
   */
  public GenericSource(String secret, Clock clock) {
    this(NAME, secret == null ? null : new StandardWebhooksVerifier(secret, clock));
  }

  /**
   * @param name the endpoint's name
   * @param verifier the signature check, or null to accept unsigned deliveries
   */
  public GenericSource(String name, SignatureVerifier verifier) {
    this.name = name;
    this.verifier = verifier;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SourceEvent read(Delivery delivery) {
    String webhookId = delivery.header(StandardWebhooksVerifier.ID_HEADER);
    if (verifier != null) {
      verifier.verify(delivery);
    }
    JsonNode root = Json.readObject(delivery.body());
    String key =
        IdempotencyKeys.require(
            webhookId != null ? webhookId : unquote(delivery.header(IDEMPOTENCY_KEY_HEADER)),
            "send a webhook-id (Standard Webhooks) or Idempotency-Key header");
    String type = Json.text(root, "type");
    if (type == null) {
      throw new Rejection(
          RejectionReason.INVALID_EVENT, "type must be \"" + EVENT_TYPE + "\", got none");
    }
    if (!EVENT_TYPE.equals(type)) {
      // Another event type is the sender's to send and ours not to sync: acknowledged, so the
      // sender does not retry it (or disable the endpoint), and nothing is started.
      throw new Ignored("type " + type + " is not synced (this source syncs " + EVENT_TYPE + ")");
    }
    String email = Json.text(root, "email");
    if (email == null || email.isBlank()) {
      throw new Rejection(RejectionReason.MISSING_EMAIL, "email must be a non-empty string");
    }
    return new SourceEvent(key, email, properties(root.get("properties")), occurredAt(root));
  }

  private static Map<String, String> properties(JsonNode node) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return properties;
    }
    if (!node.isObject()) {
      throw new Rejection(RejectionReason.INVALID_EVENT, "properties must be a JSON object");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (value.isContainerNode()) {
        throw new Rejection(
            RejectionReason.INVALID_EVENT,
            "properties."
                + field.getKey()
                + " is an object or array; CRM property values must be strings, numbers or"
                + " booleans");
      }
      properties.put(field.getKey(), value.isNull() ? "" : value.asText());
    }
    return properties;
  }

  static String occurredAt(JsonNode root) {
    return occurredAt(root, "occurredAt");
  }

  /** An ISO-8601 time with offset at {@code field}, or null; anything else is refused. */
  static String occurredAt(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    String text = node.isTextual() ? node.asText() : null;
    try {
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text == null ? "" : text);
      return text;
    } catch (DateTimeParseException e) {
      throw new Rejection(
          RejectionReason.INVALID_EVENT,
          field + " must be an ISO-8601 timestamp with offset, e.g. 2025-01-31T12:00:00Z");
    }
  }

  // The IETF draft makes Idempotency-Key a structured-field string ("…"); plain tokens are common.
  static String unquote(String value) {
    if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
