package dev.oncelane.activities.hubspot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads HubSpot's error envelope leniently: a missing field, a field of an unexpected type or a
 * body that is no JSON at all never throws; what cannot be read is left null.
 */
public final class HubSpotErrorParser {

  /** How much of a non-JSON body is kept, so an HTML error page does not flood logs. */
  static final int UNPARSED_BODY_LIMIT = 300;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HubSpotErrorParser() {}

  /** Parses an error body; null or blank gives {@link HubSpotError#empty()}. */
  public static HubSpotError parse(String body) {
    if (body == null || body.isBlank()) {
      return HubSpotError.empty();
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return new HubSpotError(
          null, null, null, null, null, null, List.of(), Map.of(), truncate(body.strip()));
    }
    List<HubSpotError.Detail> details = new ArrayList<>();
    JsonNode errors = root.path("errors");
    if (errors.isArray()) {
      for (JsonNode e : errors) {
        if (e.isObject()) {
          details.add(
              new HubSpotError.Detail(
                  text(e, "message"), text(e, "code"), context(e.path("context"))));
        }
      }
    }
    return new HubSpotError(
        text(root, "status"),
        text(root, "message"),
        text(root, "correlationId"),
        text(root, "category"),
        text(root, "policyName"),
        text(root, "errorType"),
        details,
        context(root.path("context")),
        null);
  }

  /** A scalar field as text; null when absent, null or not a scalar. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  /**
   * HubSpot's contexts map keys to lists of strings ({@code "id":["512"]}); a scalar value becomes
   * a one-element list and a nested object its JSON text.
   */
  private static Map<String, List<String>> context(JsonNode node) {
    if (!node.isObject()) {
      return Map.of();
    }
    Map<String, List<String>> context = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            field -> {
              List<String> values = new ArrayList<>();
              JsonNode value = field.getValue();
              if (value.isArray()) {
                value.forEach(v -> addValue(values, v));
              } else {
                addValue(values, value);
              }
              context.put(field.getKey(), values);
            });
    return context;
  }

  private static void addValue(List<String> values, JsonNode v) {
    if (v.isNull()) {
      return;
    }
    values.add(v.isValueNode() ? v.asText() : v.toString());
  }

  private static String truncate(String s) {
    return s.length() <= UNPARSED_BODY_LIMIT ? s : s.substring(0, UNPARSED_BODY_LIMIT) + "…";
  }
}
