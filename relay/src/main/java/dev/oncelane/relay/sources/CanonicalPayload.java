package dev.oncelane.relay.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.oncelane.workflows.sync.ContactEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The payload hash that tells a redelivery apart from a changed event under the same key.
 *
 * <p>Rule: SHA-256 (lower-case hex) of the UTF-8 JSON object {@code {"email":…, "occurredAt":…,
 * "properties":{…}, "source":…}} with keys in sorted order at every level, no whitespace, the email
 * normalized (trimmed, lower-cased) and property values as strings. It is computed from what the
 * workflow will write, not from the request bytes, so a redelivery that differs only in key order,
 * spacing, number formatting or fields the relay ignores is still a duplicate, while any change to
 * what reaches the CRM is not.
 */
public final class CanonicalPayload {

  private static final ObjectMapper SORTED =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private CanonicalPayload() {}

  /** The canonical JSON text of an event's payload. */
  public static String canonicalJson(ContactEvent event) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("email", event.email());
    payload.put("occurredAt", event.occurredAt());
    payload.put("properties", new TreeMap<>(event.properties()));
    payload.put("source", event.source());
    try {
      return SORTED.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  /** SHA-256 hex of {@link #canonicalJson}. */
  public static String hash(ContactEvent event) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonicalJson(event).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
