package dev.oncelane.workers.bench.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.oncelane.workers.bench.chaos.ChaosPlan.Kind;
import dev.oncelane.workers.bench.chaos.ChaosPlan.PlannedEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NewestValuesTest {

  private static final String ADA = "ada@example.com";

  private static PlannedEvent event(String key, String at, Map<String, String> properties) {
    return PlannedEvent.outOfOrder(key, ADA, properties, at, 0);
  }

  private static final List<PlannedEvent> EVENTS =
      List.of(
          // Delivered in this order: the newest first, the oldest last.
          event("e3", "2026-01-01T10:00:00Z", Map.of("firstname", "NEW")),
          event("e1", "2026-01-01T09:00:00Z", Map.of("firstname", "OLD", "company", "OldCo")),
          event("e2", "2026-01-01T09:30:00+00:00", Map.of("company", "MidCo")));

  @Test
  void theNewestEventPerPropertyIsExpectedWhateverTheDeliveryOrder() {
    assertEquals(
        Map.of(ADA, Map.of("firstname", "NEW", "company", "MidCo")), NewestValues.expected(EVENTS));
  }

  @Test
  void aContactHoldingTheNewestValuesPasses() {
    NewestValues.Count count =
        NewestValues.count(
            EVENTS, Map.of(ADA, Map.of("email", ADA, "firstname", "NEW", "company", "MidCo")));
    assertEquals(new NewestValues.Count(1, 1), count);
  }

  @Test
  void aContactHoldingAnOlderValueOfOnePropertyFails() {
    NewestValues.Count count =
        NewestValues.count(
            EVENTS, Map.of(ADA, Map.of("email", ADA, "firstname", "NEW", "company", "OldCo")));
    assertEquals(new NewestValues.Count(0, 1), count);
  }

  @Test
  void aContactMissingFromTheCrmFails() {
    assertEquals(new NewestValues.Count(0, 1), NewestValues.count(EVENTS, Map.of()));
  }

  @Test
  void eventTimesCompareAsInstantsNotAsText() {
    // 10:30+02:00 is 08:30Z: older than 09:00Z although its text sorts later.
    List<PlannedEvent> events =
        List.of(
            event("a", "2026-01-01T09:00:00Z", Map.of("firstname", "NEWER")),
            event("b", "2026-01-01T10:30:00+02:00", Map.of("firstname", "OLDER")));
    assertEquals(Map.of(ADA, Map.of("firstname", "NEWER")), NewestValues.expected(events));
  }

  @Test
  void equalEventTimesAreBrokenByProcessingId() {
    List<PlannedEvent> events =
        List.of(
            event("evt-b", "2026-01-01T09:00:00Z", Map.of("firstname", "B")),
            event("evt-a", "2026-01-01T09:00:00Z", Map.of("firstname", "A")));
    assertEquals(Map.of(ADA, Map.of("firstname", "B")), NewestValues.expected(events));
  }

  @Test
  void anEventWithoutAnEventTimeIsRefused() {
    PlannedEvent untimed = PlannedEvent.of("x", ADA, Map.of("firstname", "X"), Kind.FIRST);
    assertThrows(IllegalArgumentException.class, () -> NewestValues.expected(List.of(untimed)));
  }

  @Test
  void thePlanGivesEachOutOfOrderContactDistinctEventTimesAndASubsetOfProperties() {
    ChaosPlan plan = ChaosPlan.generate(7, 60, "t");
    List<PlannedEvent> outOfOrder = plan.ofKind(Kind.OUT_OF_ORDER);
    assertEquals(10 * ChaosPlan.EVENTS_PER_OUT_OF_ORDER_CONTACT, outOfOrder.size());
    assertEquals(outOfOrder.size(), plan.phases().get(3).size());
    Map<String, Long> distinctTimes =
        outOfOrder.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    PlannedEvent::email,
                    java.util.stream.Collectors.mapping(
                        PlannedEvent::occurredAt,
                        java.util.stream.Collectors.collectingAndThen(
                            java.util.stream.Collectors.toSet(), s -> (long) s.size()))));
    distinctTimes.values().forEach(n -> assertEquals(ChaosPlan.EVENTS_PER_OUT_OF_ORDER_CONTACT, n));
  }
}
