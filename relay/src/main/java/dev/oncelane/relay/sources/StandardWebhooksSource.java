package dev.oncelane.relay.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.relay.Ignored;
import dev.oncelane.relay.signatures.SignatureVerifier;
import dev.oncelane.relay.signatures.StandardWebhooksVerifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Any Standard Webhooks sender, in the specification's payload shape (standardwebhooks.com, spec
 * "Payload structure"): {@code {"type":"contact.updated","timestamp":"2022-11-03T20:26:10Z",
 * "data":{…}}}, or with the data "squashed" into the top-level object.
 *
 * <ul>
 *   <li>Key: the {@code webhook-id} header (it stays the same across retries, while {@code
 *       webhook-timestamp} changes), else {@code Idempotency-Key}.
 *   <li>Event type: {@code type}; types outside the configured {@code events} are acknowledged and
 *       ignored.
 *   <li>Email: {@code data.email}; without one the event is ignored.
 *   <li>Event time: {@code timestamp}, the time of the event, not of the delivery attempt.
 *   <li>Properties: every other scalar {@code data} field, named by its field name (renamed through
 *       {@code fields}); objects, arrays and nulls are skipped and listed.
 * </ul>
 */
public final class StandardWebhooksSource implements WebhookSource {

  public static final String NAME = "standard-webhooks";

  private static final Set<String> ENVELOPE = Set.of("type", "timestamp", "data");

  private final String name;
  private final SignatureVerifier verifier;
  private final EventTypes events;
  private final TypeformFieldMapping fields;

  /**
   * @param name the endpoint's name
   * @param verifier the signature check, or null to accept unsigned deliveries
   * @param events the event types synced; empty for every type
   * @param fields renames of {@code data} fields to CRM properties (an empty name drops one)
   */
  public StandardWebhooksSource(
      String name, SignatureVerifier verifier, List<String> events, TypeformFieldMapping fields) {
    this.name = Objects.requireNonNull(name, "name");
    this.verifier = verifier;
    this.events = new EventTypes(events, List.of());
    this.fields = Objects.requireNonNull(fields, "fields");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SourceEvent read(Delivery delivery) {
    if (verifier != null) {
      verifier.verify(delivery);
    }
    JsonNode root = Json.readObject(delivery.body());
    events.require(Json.text(root, "type"), "type");
    String webhookId = delivery.header(StandardWebhooksVerifier.ID_HEADER);
    String key =
        IdempotencyKeys.require(
            webhookId != null
                ? webhookId
                : GenericSource.unquote(delivery.header(GenericSource.IDEMPOTENCY_KEY_HEADER)),
            "send the webhook-id header (Standard Webhooks)");
    JsonNode data = root.get("data");
    boolean squashed = data == null || !data.isObject();
    String prefix = squashed ? "" : "data.";
    String email = Json.text(squashed ? root : data, "email");
    if (email == null || email.isBlank()) {
      throw new Ignored(prefix + "email is missing; there is no contact to write");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = (squashed ? root : data).fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> field = it.next();
      String fieldName = field.getKey();
      JsonNode value = field.getValue();
      if (fieldName.equals("email") || (squashed && ENVELOPE.contains(fieldName))) {
        continue;
      }
      String property = fields.propertyFor(fieldName);
      if (property == null) {
        skipped.add(prefix + fieldName + ": not mapped to a property");
      } else if (value.isContainerNode()) {
        skipped.add(prefix + fieldName + ": an object or array, not a property value");
      } else if (value.isNull()) {
        skipped.add(prefix + fieldName + ": null");
      } else {
        properties.put(property, value.asText());
      }
    }
    return new SourceEvent(
        key, email, properties, GenericSource.occurredAt(root, "timestamp"), skipped);
  }
}
