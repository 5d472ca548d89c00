package dev.oncelane.workers.bench.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the CRM holds for one half of the proof, judged against its rows.
 *
 * @param expected distinct contacts the valid rows name
 * @param presentOnce of those, contacts that exist exactly once and hold their row's values
 * @param duplicated contacts beyond the first for any email of the rows' domain
 * @param missing up to {@value #EXAMPLES} emails that are absent, duplicated or hold other values
 *     (for the report)
 */
public record ContactAudit(int expected, int presentOnce, int duplicated, List<String> missing) {

  private static final int EXAMPLES = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  public ContactAudit {
    missing = List.copyOf(missing);
  }

  /**
   * Judges {@code contacts} (as {@code SandboxServer#contacts()} renders them) against the rows:
   * contacts of other domains are ignored.
   */
  public static ContactAudit of(ProofRows rows, List<Map<String, Object>> contacts) {
    Map<String, List<JsonNode>> byEmail = new HashMap<>();
    String suffix = "@" + rows.domain();
    for (Map<String, Object> contact : contacts) {
      JsonNode properties = JSON.valueToTree(contact).path("properties");
      String email = properties.path("email").asText("").toLowerCase(Locale.ROOT);
      if (email.endsWith(suffix)) {
        byEmail.computeIfAbsent(email, ignored -> new ArrayList<>()).add(properties);
      }
    }
    int duplicated = byEmail.values().stream().mapToInt(copies -> copies.size() - 1).sum();
    Map<String, Map<String, String>> expected = rows.expectedContacts();
    int once = 0;
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> contact : expected.entrySet()) {
      List<JsonNode> found = byEmail.getOrDefault(contact.getKey(), List.of());
      if (found.size() == 1 && holds(found.get(0), contact.getValue())) {
        once++;
      } else if (missing.size() < EXAMPLES) {
        missing.add(contact.getKey() + " (" + found.size() + " found)");
      }
    }
    return new ContactAudit(expected.size(), once, duplicated, missing);
  }

  private static boolean holds(JsonNode properties, Map<String, String> values) {
    return values.entrySet().stream()
        .allMatch(value -> value.getValue().equals(properties.path(value.getKey()).asText(null)));
  }

  /** Whether every contact is present once with its values and none is duplicated. */
  public boolean ok() {
    return presentOnce == expected && duplicated == 0;
  }
}
