package dev.oncelane.activities.crm;

import dev.oncelane.activities.hubspot.HubSpotError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a 409 on create is resolved: finds the existing record's id in HubSpot's conflict answer.
 *
 * <p>The rule, first match wins:
 *
 * <ol>
 *   <li>A structured field, should HubSpot ever send one: the keys {@code existingId}, {@code
 *       existingObjectId}, {@code objectId}, {@code id} (in that order, the most specific first,
 *       case-insensitive), looked up in each {@code errors[].context} and then in the top-level
 *       {@code context}; the first all-digit value.
 *   <li>The text HubSpot sends today: {@code "… Existing ID: 37765128953"} in {@code message}, then
 *       in each {@code errors[].message}.
 *   <li>Otherwise null: the conflict names no id (the workflow looks up again, then asks a person).
 * </ol>
 */
public final class ConflictIdParser {

  /** Context keys that may hold the existing record's id, most specific first. */
  static final List<String> ID_KEYS = List.of("existingId", "existingObjectId", "objectId", "id");

  private static final Pattern EXISTING_ID =
      Pattern.compile("Existing ID:\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private ConflictIdParser() {}

  /** The existing record's id named by a conflict answer, or null when it names none. */
  public static String existingId(HubSpotError error) {
    if (error == null) {
      return null;
    }
    List<Map<String, List<String>>> contexts = new ArrayList<>();
    error.errors().forEach(d -> contexts.add(d.context()));
    contexts.add(error.context());
    for (String key : ID_KEYS) {
      for (Map<String, List<String>> context : contexts) {
        String id = digitsUnder(context, key);
        if (id != null) {
          return id;
        }
      }
    }
    List<String> messages = new ArrayList<>();
    messages.add(error.message());
    error.errors().forEach(d -> messages.add(d.message()));
    for (String message : messages) {
      String id = fromMessage(message);
      if (id != null) {
        return id;
      }
    }
    return null;
  }

  /** The id in a message such as {@code Contact already exists. Existing ID: 512}, or null. */
  public static String fromMessage(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = EXISTING_ID.matcher(message);
    return m.find() ? m.group(1) : null;
  }

  private static String digitsUnder(Map<String, List<String>> context, String key) {
    String wanted = key.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, List<String>> e : context.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(wanted)) {
        for (String value : e.getValue()) {
          if (value != null && DIGITS.matcher(value.trim()).matches()) {
            return value.trim();
          }
        }
      }
    }
    return null;
  }
}
