package dev.oncelane.workflows.freshness;

import dev.oncelane.workflows.sync.ContactEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where an event stands among the events about one contact: later keys win. Compared by event time,
 * then accept time, then processing id, so two different events never tie.
 *
 * @param eventTime when the event happened, epoch milliseconds: the source's {@code occurredAt}
 *     when it has one that parses as ISO-8601 with an offset, else {@code acceptedAt}
 * @param acceptedAt when the relay accepted the event, epoch milliseconds
 * @param processingId the event's processing id ({@code <source>:<key>}), compared by UTF-16 code
 *     units ({@link String#compareTo})
 */
public record OrderingKey(long eventTime, long acceptedAt, String processingId)
    implements Comparable<OrderingKey> {

  private static final Comparator<OrderingKey> ORDER =
      Comparator.comparingLong(OrderingKey::eventTime)
          .thenComparingLong(OrderingKey::acceptedAt)
          .thenComparing(OrderingKey::processingId);

  public OrderingKey {
    Objects.requireNonNull(processingId, "processingId");
  }

  /**
   * The key of {@code event}. An event recorded before the relay stamped accept times has none;
   * {@code fallbackAcceptedAt} stands in for it, and must be deterministic in workflow code (the
   * run's start time in history).
   */
  public static OrderingKey of(ContactEvent event, long fallbackAcceptedAt) {
    long accepted = event.acceptedAt() != null ? event.acceptedAt() : fallbackAcceptedAt;
    Long occurred = parseOccurredAt(event.occurredAt());
    return new OrderingKey(occurred != null ? occurred : accepted, accepted, event.processingId());
  }

  /**
   * Epoch milliseconds of an ISO-8601 timestamp with offset ({@code 2026-11-30T10:00:00Z}, {@code
   * 2026-11-30T11:00:00+01:00}), or null when {@code text} is null or not such a timestamp.
   */
  public static Long parseOccurredAt(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.trim()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** True when this key is later than {@code other}. */
  public boolean isNewerThan(OrderingKey other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(OrderingKey other) {
    return ORDER.compare(this, other);
  }

  /** The event time as an ISO-8601 instant, e.g. {@code 2026-11-30T10:00:00Z}. */
  public String eventInstant() {
    return Instant.ofEpochMilli(eventTime).toString();
  }
}
