package dev.oncelane.relay.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.relay.Ignored;
import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import dev.oncelane.relay.signatures.SignatureVerifier;
import dev.oncelane.relay.signatures.TypeformSignatureVerifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Typeform {@code form_response} webhooks. Key: {@code event_id}. Email: the first answer of type
 * {@code email}, else the hidden field {@code email}. Every other answer becomes a CRM property
 * named by its question's {@code ref} through {@link TypeformFieldMapping}; its value rendered as a
 * string (choices joined by {@code ;}, HubSpot's separator for multiple values).
 *
 * <p>Other event types ({@code form_response_partial}) and responses without an email are
 * acknowledged and ignored ({@link Ignored}): Typeform retries any other answer and disables a
 * webhook that keeps failing, which would put the real submissions at risk.
 */
public final class TypeformSource implements WebhookSource {

  public static final String NAME = "typeform";

  public static final String FORM_RESPONSE = "form_response";

  private final String name;
  private final SignatureVerifier verifier;
  private final TypeformFieldMapping mapping;
  private final EventTypes events;

  /**
   * @param secret the webhook secret; null accepts unsigned deliveries
   * @param mapping how answers map to CRM properties
   */
  public TypeformSource(String secret, TypeformFieldMapping mapping) {
    this(NAME, secret == null ? null : new TypeformSignatureVerifier(secret), mapping, List.of());
  }

  /**
   * @param name the endpoint's name
   * @param verifier the signature check, or null to accept unsigned deliveries
   * @param mapping how answers map to CRM properties
   * @param events the event types synced; empty for {@code form_response} only
   */
  public TypeformSource(
      String name, SignatureVerifier verifier, TypeformFieldMapping mapping, List<String> events) {
    this.name = Objects.requireNonNull(name, "name");
    this.verifier = verifier;
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.events = new EventTypes(events, List.of(FORM_RESPONSE));
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
    events.require(Json.text(root, "event_type"), "event_type");
    String key = IdempotencyKeys.require(Json.text(root, "event_id"), "the body has no event_id");
    JsonNode response = root.path("form_response");
    JsonNode answers = response.path("answers");
    if (!answers.isArray()) {
      throw new Rejection(RejectionReason.INVALID_EVENT, "form_response.answers must be an array");
    }
    Map<String, String> refsById = refsByFieldId(response.path("definition").path("fields"));
    String email = null;
    Map<String, String> properties = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    for (JsonNode answer : answers) {
      String type = Json.text(answer, "type");
      if ("email".equals(type) && email == null) {
        email = Json.text(answer, "email");
        continue;
      }
      String ref = refOf(answer.path("field"), refsById);
      String property = mapping.propertyFor(ref);
      String value = render(type, answer);
      if (property == null) {
        skipped.add("answer " + ref + ": not mapped to a property");
      } else if (value == null) {
        skipped.add("answer " + ref + ": no value");
      } else {
        properties.put(property, value);
      }
    }
    if (email == null || email.isBlank()) {
      email = Json.text(response.path("hidden"), "email");
    }
    if (email == null || email.isBlank()) {
      throw new Ignored(
          "the response has no email answer and no hidden field email; add an email question or"
              + " hidden field to the form");
    }
    return new SourceEvent(key, email, properties, Json.text(response, "submitted_at"), skipped);
  }

  // Answers name their question by id and, in current payloads, by ref; older payloads carry the
  // ref only in the form definition.
  private static String refOf(JsonNode field, Map<String, String> refsById) {
    String ref = Json.text(field, "ref");
    return ref != null ? ref : refsById.get(Json.text(field, "id"));
  }

  private static Map<String, String> refsByFieldId(JsonNode fields) {
    Map<String, String> refs = new HashMap<>();
    for (JsonNode field : fields) {
      String id = Json.text(field, "id");
      String ref = Json.text(field, "ref");
      if (id != null && ref != null) {
        refs.put(id, ref);
      }
    }
    return refs;
  }

  /** An answer's value as a CRM string, or null when the answer holds none. */
  static String render(String type, JsonNode answer) {
    if (type == null) {
      return null;
    }
    JsonNode value = answer.get(type);
    if (value == null || value.isNull()) {
      return null;
    }
    switch (type) {
      case "choice":
        return choiceLabel(value);
      case "choices":
        return choiceLabels(value);
      default:
        // text, email, phone_number, number, boolean, date, url, file_url: scalars. Anything newer
        // that is an object (e.g. payment) is kept whole as JSON rather than dropped.
        return value.isValueNode() ? value.asText() : value.toString();
    }
  }

  private static String choiceLabel(JsonNode choice) {
    String label = Json.text(choice, "label");
    return label != null ? label : Json.text(choice, "other");
  }

  private static String choiceLabels(JsonNode choices) {
    StringJoiner joined = new StringJoiner(";");
    for (JsonNode label : choices.path("labels")) {
      joined.add(label.asText());
    }
    String other = Json.text(choices, "other");
    if (other != null) {
      joined.add(other);
    }
    return joined.length() == 0 ? null : joined.toString();
  }
}
