package dev.oncelane.activities.hubspot;

import java.util.List;
import java.util.Map;

/**
 * HubSpot's error envelope, as far as an answer carried one. Every field may be null or empty:
 * HubSpot does not promise them, and a proxy in between may answer with no JSON at all.
 *
 * @param status {@code "error"} usually
 * @param message the human message, e.g. {@code Contact already exists. Existing ID: 512}
 * @param correlationId HubSpot's id for the request, for its support
 * @param category e.g. {@code CONFLICT}, {@code VALIDATION_ERROR}, {@code RATE_LIMITS}
 * @param policyName for 429: {@code TEN_SECONDLY_ROLLING}, {@code DAILY}, ...
 * @param errorType for 429: {@code RATE_LIMIT}
 * @param errors the detailed errors, if any
 * @param context extra keys, each with its values as strings
 * @param unparsedBody the start of the body when it was not a JSON object, else null
 */
public record HubSpotError(
    String status,
    String message,
    String correlationId,
    String category,
    String policyName,
    String errorType,
    List<Detail> errors,
    Map<String, List<String>> context,
    String unparsedBody) {

  /** The policy name of HubSpot's daily request limit. */
  public static final String DAILY_POLICY = "DAILY";

  public HubSpotError {
    errors = errors == null ? List.of() : List.copyOf(errors);
    context = context == null ? Map.of() : Map.copyOf(context);
  }

  /** An error with nothing known about it. */
  public static HubSpotError empty() {
    return new HubSpotError(null, null, null, null, null, null, List.of(), Map.of(), null);
  }

  /** True when a 429 names HubSpot's daily limit rather than the rolling one. */
  public boolean isDailyLimit() {
    return DAILY_POLICY.equalsIgnoreCase(policyName);
  }

  /** The message, else the unparsed body, else null: the best words the answer had. */
  public String bestMessage() {
    return message != null && !message.isBlank() ? message : unparsedBody;
  }

  /**
   * One entry of {@code errors[]}.
   *
   * @param message what went wrong
   * @param code HubSpot's code, e.g. {@code INVALID_EMAIL}
   * @param context extra keys, each with its values as strings
   */
  public record Detail(String message, String code, Map<String, List<String>> context) {
    public Detail {
      context = context == null ? Map.of() : Map.copyOf(context);
    }
  }
}
