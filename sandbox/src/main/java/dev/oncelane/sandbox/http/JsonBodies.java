package dev.oncelane.sandbox.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oncelane.sandbox.contacts.PropertyCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads request bodies of the /crm API, answering HubSpot-style 400s for malformed ones. */
final class JsonBodies {

  private final ObjectMapper mapper;

  JsonBodies(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The body as a JSON object. */
  JsonNode object(String body) {
    JsonNode node;
    try {
      node = body == null || body.isBlank() ? null : mapper.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " on line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw HubSpotErrors.badRequest("Invalid input JSON" + where + ": " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw HubSpotErrors.badRequest("The request body must be a JSON object.");
    }
    return node;
  }

  /**
   * The {@code properties} object as strings: numbers and booleans become their text, null becomes
   * "" (clear the value).
   */
  static Map<String, String> properties(JsonNode container) {
    JsonNode properties = container.get("properties");
    if (properties == null || !properties.isObject()) {
      throw HubSpotErrors.badRequest("Each input needs a \"properties\" object.");
    }
    Map<String, String> values = new LinkedHashMap<>();
    properties
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode value = field.getValue();
              if (value.isContainerNode()) {
                throw HubSpotErrors.badRequest(
                    "Property " + field.getKey() + " must have a string value.");
              }
              values.put(field.getKey(), value.isNull() ? "" : value.asText());
            });
    return values;
  }

  /**
   * How many entries a batch body's {@code inputs} array has, for the call statistics; 0 when the
   * body is not JSON or has no such array (the handler then answers the 400).
   */
  static int inputCount(ObjectMapper mapper, String body) {
    try {
      JsonNode inputs = body == null || body.isBlank() ? null : mapper.readTree(body).get("inputs");
      return inputs != null && inputs.isArray() ? inputs.size() : 0;
    } catch (JsonProcessingException e) {
      return 0;
    }
  }

  /** The {@code inputs} array of a batch call, within HubSpot's 100-input limit. */
  static List<JsonNode> inputs(JsonNode body) {
    JsonNode inputs = body.get("inputs");
    if (inputs == null || !inputs.isArray()) {
      throw HubSpotErrors.badRequest("The request needs an \"inputs\" array.");
    }
    if (inputs.size() > BatchEndpoints.MAX_INPUTS) {
      throw HubSpotErrors.badRequest(
          "Batch too large: "
              + inputs.size()
              + " inputs, at most "
              + BatchEndpoints.MAX_INPUTS
              + " are allowed.");
    }
    List<JsonNode> list = new ArrayList<>();
    for (JsonNode input : inputs) {
      if (!input.isObject()) {
        throw HubSpotErrors.badRequest("Each input must be a JSON object.");
      }
      list.add(input);
    }
    return list;
  }

  /**
   * Properties to render: the known ones among those asked for, or HubSpot's default set when none
   * are asked for. Unknown names are ignored, as HubSpot documents.
   */
  static List<String> propertySelection(PropertyCatalog catalog, List<String> requested) {
    List<String> names = new ArrayList<>();
    for (String entry : requested) {
      for (String name : entry.split(",")) {
        String trimmed = name.trim();
        if (!trimmed.isEmpty() && catalog.exists(trimmed) && !names.contains(trimmed)) {
          names.add(trimmed);
        }
      }
    }
    return names.isEmpty() ? PropertyCatalog.DEFAULT_READ : names;
  }

  static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
