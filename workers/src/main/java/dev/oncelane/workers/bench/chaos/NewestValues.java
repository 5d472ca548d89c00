package dev.oncelane.workers.bench.chaos;

import dev.oncelane.workers.bench.chaos.ChaosPlan.PlannedEvent;
import dev.oncelane.workflows.freshness.OrderingKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The out-of-order invariant: every contact's properties equal, per property, the value of the
 * newest event that wrote that property. "Newest" is oncelane's {@link OrderingKey}: event time,
 * then accept time, then processing id. The harness does not know the relay's accept times, so it
 * stands the event time in for them; the plan gives a contact's events distinct event times, so
 * accept time never decides.
 */
public final class NewestValues {

  private NewestValues() {}

  /**
   * Per contact (email) and property, the value the newest event carrying it wrote.
   *
   * @param events the events to judge, each with an {@code occurredAt} (ISO-8601 with offset)
   * @return email → property → expected value
   * @throws IllegalArgumentException when an event has no parseable {@code occurredAt}
   */
  public static Map<String, Map<String, String>> expected(List<PlannedEvent> events) {
    Map<String, Map<String, OrderingKey>> newestKey = new HashMap<>();
    Map<String, Map<String, String>> expected = new HashMap<>();
    for (PlannedEvent event : events) {
      Long at = OrderingKey.parseOccurredAt(event.occurredAt());
      if (at == null) {
        throw new IllegalArgumentException(
            event.key() + " has no event time to order by: " + event.occurredAt());
      }
      OrderingKey key = new OrderingKey(at, at, "generic:" + event.key());
      Map<String, OrderingKey> keys =
          newestKey.computeIfAbsent(event.email(), e -> new HashMap<>());
      Map<String, String> values = expected.computeIfAbsent(event.email(), e -> new TreeMap<>());
      event
          .properties()
          .forEach(
              (property, value) -> {
                OrderingKey held = keys.get(property);
                if (held == null || key.isNewerThan(held)) {
                  keys.put(property, key);
                  values.put(property, value);
                }
              });
    }
    return expected;
  }

  /**
   * How many of the events' contacts hold the newest value of every property.
   *
   * @param events the events to judge (see {@link #expected})
   * @param crm email → the contact's properties in the CRM; a contact missing from it fails
   * @return contacts holding the newest values, out of the events' contacts
   */
  public static Count count(List<PlannedEvent> events, Map<String, Map<String, String>> crm) {
    Map<String, Map<String, String>> expected = expected(events);
    int holding = 0;
    for (Map.Entry<String, Map<String, String>> contact : expected.entrySet()) {
      Map<String, String> found = crm.get(contact.getKey());
      if (found != null
          && contact.getValue().entrySet().stream()
              .allMatch(p -> Objects.equals(p.getValue(), found.get(p.getKey())))) {
        holding++;
      }
    }
    return new Count(holding, expected.size());
  }

  /**
   * A count of contacts.
   *
   * @param holding contacts for which the invariant holds
   * @param of contacts judged
   */
  public record Count(int holding, int of) {}
}
