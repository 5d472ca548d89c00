package dev.oncelane.relay.sources;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import java.io.IOException;

/** Strict JSON reading shared by the sources. */
final class Json {

  // Duplicate keys and trailing garbage make a body ambiguous; refuse them rather than guess.
  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** The body as a JSON object, or a {@code malformed_json} rejection saying where it broke. */
  static JsonNode readObject(byte[] body) {
    JsonNode node;
    try {
      node = STRICT.readTree(body);
    } catch (JsonProcessingException e) {
      throw new Rejection(
          RejectionReason.MALFORMED_JSON, "Body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Rejection(RejectionReason.MALFORMED_JSON, "Body could not be read as JSON");
    }
    if (node == null || !node.isObject()) {
      throw new Rejection(RejectionReason.MALFORMED_JSON, "Body must be a JSON object");
    }
    return node;
  }

  /** A text field's value, or null when absent, null or not text. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
