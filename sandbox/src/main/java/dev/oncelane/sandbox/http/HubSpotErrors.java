package dev.oncelane.sandbox.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oncelane.sandbox.contacts.PropertyProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** HubSpot's error envelopes, as its API reference documents them. */
public final class HubSpotErrors {

  public static final String AUTH_FAILURE_HEADER = "X-HubSpot-Auth-Failure";
  public static final String RETRY_AFTER_HEADER = "Retry-After";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HubSpotErrors() {}

  /** 409 for an email another contact has; without an id when that contact is hidden. */
  public static ApiException conflict(Long existingId) {
    return new ApiException(409, envelope(conflictMessage(existingId), "CONFLICT"));
  }

  public static String conflictMessage(Long existingId) {
    return existingId == null
        ? "Contact already exists."
        : "Contact already exists. Existing ID: " + existingId;
  }

  /** 400 listing every refused property value. */
  public static ApiException invalidProperties(List<PropertyProblem> problems) {
    Map<String, Object> body = envelope(propertiesMessage(problems), "VALIDATION_ERROR");
    List<Map<String, Object>> details = new ArrayList<>();
    for (PropertyProblem problem : problems) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("message", problem.message());
      detail.put("code", problem.error());
      detail.put("context", Map.of("propertyName", List.of(problem.name())));
      details.add(detail);
    }
    body.put("errors", details);
    return new ApiException(400, body);
  }

  /** HubSpot's "Property values were not valid: [...]" text, the list in compact JSON. */
  public static String propertiesMessage(List<PropertyProblem> problems) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (PropertyProblem problem : problems) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("isValid", false);
      item.put("message", problem.message());
      item.put("error", problem.error());
      item.put("name", problem.name());
      items.add(item);
    }
    try {
      return "Property values were not valid: " + JSON.writeValueAsString(items);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** 400 for a malformed request. */
  public static ApiException badRequest(String message) {
    return new ApiException(400, envelope(message, "VALIDATION_ERROR"));
  }

  /** 404 for an id or email no (visible) contact has. */
  public static ApiException notFound(String id) {
    Map<String, Object> body = envelope(notFoundMessage(), "OBJECT_NOT_FOUND");
    body.put("context", Map.of("id", List.of(id)));
    return new ApiException(404, body);
  }

  public static String notFoundMessage() {
    return "Object not found.  objectId are usually numeric.";
  }

  /** 401 for a missing or unknown Bearer token. */
  public static ApiException unauthorized(boolean tokenMissing) {
    String message =
        tokenMissing
            ? "Authentication credentials not found. This API supports OAuth 2.0 authentication"
                + " and you can find more details at"
                + " https://developers.hubspot.com/docs/methods/auth/oauth-overview"
            : "Authentication credentials are invalid: the access token is not recognised.";
    return new ApiException(
        401,
        envelope(message, "INVALID_AUTHENTICATION"),
        Map.of(AUTH_FAILURE_HEADER, tokenMissing ? "MISSING_TOKEN" : "INVALID_TOKEN"));
  }

  /**
   * 429 for the ten-secondly rolling limit, with {@code Retry-After} in whole seconds (rounded up,
   * at least 1) until one more call fits the window.
   */
  public static ApiException rateLimited(long retryAfterMs) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "error");
    body.put("message", "You have reached your ten_secondly_rolling limit.");
    body.put("errorType", "RATE_LIMIT");
    body.put("correlationId", UUID.randomUUID().toString());
    body.put("policyName", "TEN_SECONDLY_ROLLING");
    body.put("category", "RATE_LIMITS");
    long seconds = Math.max(1, (retryAfterMs + 999) / 1000);
    return new ApiException(429, body, Map.of(RETRY_AFTER_HEADER, Long.toString(seconds)));
  }

  /** 500, for injected server errors and for the sandbox's own bugs. */
  public static ApiException serverError(String message) {
    return new ApiException(500, envelope(message, "INTERNAL_ERROR"));
  }

  /** 404 for a path the API does not have. */
  public static ApiException noRoute(String method, String path) {
    return new ApiException(
        404,
        envelope("No endpoint " + method + " " + path + " in this API.", "RESOURCE_NOT_FOUND"));
  }

  /** The common envelope: status, message, correlationId, category. */
  public static Map<String, Object> envelope(String message, String category) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "error");
    body.put("message", message);
    body.put("correlationId", UUID.randomUUID().toString());
    body.put("category", category);
    return body;
  }
}
