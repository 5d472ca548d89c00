package dev.oncelane.workers.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.bench.chaos.ChaosPlan.Kind;
import dev.oncelane.workers.bench.chaos.ChaosPlan.PlannedEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a lane left in the CRM, judged against the plan.
 *
 * @param eventsLost valid events whose values never reached the CRM (an event a later one for the
 *     same contact superseded, or an out-of-order one, counts as lost only if the contact does not
 *     exist at all)
 * @param resubmissionsChecked resubmissions checked for their values
 * @param resubmissionsMissing resubmissions whose values are not in the CRM at the end
 * @param contactsDuplicated contacts beyond the first for any email
 * @param crmCalls every /crm call the sandbox counted
 * @param newestValues out-of-order contacts holding, per property, the newest event's value
 */
public record CrmAudit(
    int eventsLost,
    int resubmissionsChecked,
    int resubmissionsMissing,
    int contactsDuplicated,
    long crmCalls,
    NewestValues.Count newestValues) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static CrmAudit of(ChaosPlan plan, SandboxServer crm) {
    Map<String, Integer> copies = new HashMap<>();
    Map<String, JsonNode> byEmail = new HashMap<>();
    Map<String, Map<String, String>> valuesByEmail = new HashMap<>();
    for (Map<String, Object> contact : crm.contacts()) {
      JsonNode properties = JSON.valueToTree(contact).path("properties");
      String email = properties.path("email").asText("").toLowerCase(Locale.ROOT);
      copies.merge(email, 1, Integer::sum);
      byEmail.put(email, properties);
      Map<String, String> values = new HashMap<>();
      properties.fields().forEachRemaining(p -> values.put(p.getKey(), p.getValue().asText(null)));
      valuesByEmail.put(email, values);
    }
    int lost = 0;
    int resubmissionsMissing = 0;
    for (PlannedEvent event : plan.events()) {
      if (!event.valid()) {
        continue;
      }
      JsonNode found = byEmail.get(event.email());
      boolean present =
          event.supersededBy() != null || event.kind() == Kind.OUT_OF_ORDER
              ? found != null
              : found != null && holds(found, event);
      if (!present) {
        lost++;
        if (event.kind() == Kind.RESUBMISSION) {
          resubmissionsMissing++;
        }
      }
    }
    int duplicated = copies.values().stream().mapToInt(n -> n - 1).sum();
    long calls =
        crm.stats().values().stream()
            .flatMap(byStatus -> byStatus.values().stream())
            .mapToLong(Long::longValue)
            .sum();
    return new CrmAudit(
        lost,
        plan.ofKind(Kind.RESUBMISSION).size(),
        resubmissionsMissing,
        duplicated,
        calls,
        NewestValues.count(plan.ofKind(Kind.OUT_OF_ORDER), valuesByEmail));
  }

  private static boolean holds(JsonNode properties, PlannedEvent event) {
    return event.properties().entrySet().stream()
        .allMatch(p -> p.getValue().equals(properties.path(p.getKey()).asText(null)));
  }

  /** CRM calls per unique event of the plan. */
  public double callsPerEvent(List<PlannedEvent> events) {
    return events.isEmpty() ? 0 : (double) crmCalls / events.size();
  }
}
