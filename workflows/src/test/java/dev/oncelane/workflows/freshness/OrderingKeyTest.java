package dev.oncelane.workflows.freshness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.oncelane.workflows.sync.ContactEvent;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderingKeyTest {

  private static final long ACCEPTED = 1_796_000_000_000L;

  private static ContactEvent event(String occurredAt, Long acceptedAt) {
    return new ContactEvent(
        "generic:evt-1", "generic", "ada@example.com", Map.of(), occurredAt, "h", null, acceptedAt);
  }

  @Test
  void theSourcesEventTimeComesFirstWithTheAcceptTimeBesideIt() {
    OrderingKey key = OrderingKey.of(event("2026-11-30T11:00:00+01:00", ACCEPTED), 0);

    assertEquals(new OrderingKey(1_796_032_800_000L, ACCEPTED, "generic:evt-1"), key);
    assertEquals("2026-11-30T10:00:00Z", key.eventInstant());
  }

  @Test
  void withoutAUsableOccurredAtTheAcceptTimeIsTheEventTime() {
    assertEquals(ACCEPTED, OrderingKey.of(event(null, ACCEPTED), 0).eventTime());
    assertEquals(ACCEPTED, OrderingKey.of(event("yesterday", ACCEPTED), 0).eventTime());
  }

  @Test
  void anEventFromBeforeAcceptTimesUsesTheFallbackItIsGiven() {
    assertEquals(new OrderingKey(42, 42, "generic:evt-1"), OrderingKey.of(event(null, null), 42));
  }

  @Test
  void laterEventTimeWinsThenLaterAcceptTimeThenProcessingId() {
    OrderingKey base = new OrderingKey(10, 10, "generic:b");

    assertTrue(new OrderingKey(11, 0, "generic:a").isNewerThan(base));
    assertTrue(new OrderingKey(10, 11, "generic:a").isNewerThan(base));
    assertTrue(new OrderingKey(10, 10, "generic:c").isNewerThan(base));
    assertEquals(0, new OrderingKey(10, 10, "generic:b").compareTo(base));
  }

  @Test
  void anEventRecordedBeforeAcceptTimesStillReadsWithANullAcceptTime() {
    String before =
        "{\"processingId\":\"generic:evt-1\",\"source\":\"generic\",\"email\":\"ada@example.com\","
            + "\"properties\":{\"firstname\":\"Ada\"},\"occurredAt\":null,\"payloadHash\":\"h\"}";
    ContactEvent read =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFrom(before, StandardCharsets.UTF_8))
                .build(),
            ContactEvent.class,
            ContactEvent.class);

    assertNull(read.acceptedAt());
    assertEquals("Ada", read.properties().get("firstname"));
  }

  @Test
  void theAcceptTimeSurvivesTheTemporalBoundary() {
    ContactEvent event = event(null, null).withAcceptedAt(ACCEPTED);
    Optional<Payload> payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(event);

    assertEquals(
        event,
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            payload.orElseThrow(), ContactEvent.class, ContactEvent.class));
  }
}
