package dev.oncelane.relay.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.relay.Ignored;
import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import dev.oncelane.workflows.sync.ContactEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenericSourceTest {

  private final GenericSource source = new GenericSource(null, Clock.systemUTC());

  private static Delivery delivery(String body, Map<String, String> headers) {
    return new Delivery(body.getBytes(StandardCharsets.UTF_8), headers::get);
  }

  @Test
  void readsTheCanonicalEventAndStringifiesProperties() {
    SourceEvent event =
        source.read(
            delivery(
                """
                {"type":"contact.upsert","occurredAt":"2025-01-31T12:00:00Z","email":"Ann@Example.com",
                 "properties":{"firstname":"Ann","age":42,"score":1.5,"vip":true,"phone":null}}
                """,
                Map.of("webhook-id", "msg_1")));

    assertEquals("msg_1", event.key());
    assertEquals("Ann@Example.com", event.email());
    assertEquals("2025-01-31T12:00:00Z", event.occurredAt());
    assertEquals(
        Map.of("firstname", "Ann", "age", "42", "score", "1.5", "vip", "true", "phone", ""),
        event.properties());
  }

  @Test
  void takesTheKeyFromIdempotencyKeyWhenThereIsNoWebhookId() {
    String body = "{\"type\":\"contact.upsert\",\"email\":\"a@b.example\"}";
    assertEquals("k-1", source.read(delivery(body, Map.of("Idempotency-Key", "\"k-1\""))).key());
    assertEquals("k-2", source.read(delivery(body, Map.of("Idempotency-Key", "k-2"))).key());
    assertEquals(
        RejectionReason.MISSING_KEY,
        assertThrows(Rejection.class, () -> source.read(delivery(body, Map.of()))).reason());
    assertEquals(
        RejectionReason.INVALID_KEY,
        assertThrows(
                Rejection.class,
                () -> source.read(delivery(body, Map.of("Idempotency-Key", "a b"))))
            .reason());
  }

  @Test
  void refusesAKeyHoldingAnEmailAddressBecauseWorkflowIdsAreNeverEncrypted() {
    String body = "{\"type\":\"contact.upsert\",\"email\":\"a@b.example\"}";
    Rejection refused =
        assertThrows(
            Rejection.class,
            () ->
                source.read(delivery(body, Map.of("Idempotency-Key", "signup-ada@example.com-1"))));
    assertEquals(RejectionReason.INVALID_KEY, refused.reason());
    assertEquals(
        "order@2026", source.read(delivery(body, Map.of("Idempotency-Key", "order@2026"))).key());
  }

  @Test
  void acknowledgesAnotherEventTypeAsIgnoredInsteadOfRefusingIt() {
    Ignored ignored =
        assertThrows(
            Ignored.class,
            () ->
                source.read(
                    delivery(
                        "{\"type\":\"contact.deleted\",\"email\":\"a@b.example\"}",
                        Map.of("Idempotency-Key", "k"))));
    assertTrue(ignored.reason().contains("contact.deleted is not synced"), ignored.reason());
  }

  @Test
  void refusesWhatItCannotRepresent() {
    Map<String, String> key = Map.of("Idempotency-Key", "k");
    Map<String, RejectionReason> cases =
        Map.of(
            "{\"email\":\"a@b.example\"}", RejectionReason.INVALID_EVENT,
            "{\"type\":\"contact.upsert\"}", RejectionReason.MISSING_EMAIL,
            "{\"type\":\"contact.upsert\",\"email\":\"a@b.example\",\"properties\":{\"x\":{}}}",
                RejectionReason.INVALID_EVENT,
            "{\"type\":\"contact.upsert\",\"email\":\"a@b.example\",\"occurredAt\":\"yesterday\"}",
                RejectionReason.INVALID_EVENT,
            "{\"type\":\"contact.upsert\",\"email\":\"a@b.example\",\"type\":\"x\"}",
                RejectionReason.MALFORMED_JSON,
            "{\"type\":", RejectionReason.MALFORMED_JSON,
            "[1,2]", RejectionReason.MALFORMED_JSON);
    cases.forEach(
        (body, reason) ->
            assertEquals(
                reason,
                assertThrows(Rejection.class, () -> source.read(delivery(body, key))).reason(),
                body));
  }

  @Test
  void hashesEquivalentPayloadsAlikeAndDifferentOnesApart() {
    Map<String, String> key = Map.of("Idempotency-Key", "k");
    ContactEvent a =
        source
            .read(
                delivery(
                    "{\"type\":\"contact.upsert\",\"email\":\"Ann@Example.com\","
                        + "\"properties\":{\"a\":\"1\",\"b\":2}}",
                    key))
            .toContactEvent("generic");
    ContactEvent reordered =
        source
            .read(
                delivery(
                    "{ \"properties\" : {\"b\":\"2\", \"a\":1}, \"email\":\"ann@example.com\","
                        + " \"type\":\"contact.upsert\", \"ignored\": true }",
                    key))
            .toContactEvent("generic");
    ContactEvent changed =
        source
            .read(
                delivery(
                    "{\"type\":\"contact.upsert\",\"email\":\"ann@example.com\","
                        + "\"properties\":{\"a\":\"1\",\"b\":\"3\"}}",
                    key))
            .toContactEvent("generic");

    assertEquals(a.payloadHash(), reordered.payloadHash());
    assertNotEquals(a.payloadHash(), changed.payloadHash());
    assertEquals(
        "{\"email\":\"ann@example.com\",\"occurredAt\":null,\"properties\":{\"a\":\"1\",\"b\":\"2\"},"
            + "\"source\":\"generic\"}",
        CanonicalPayload.canonicalJson(a));
  }

  @Test
  void refusesAPropertiesEmailThatNamesAnotherContact() {
    SourceEvent event =
        source.read(
            delivery(
                "{\"type\":\"contact.upsert\",\"email\":\"a@b.example\","
                    + "\"properties\":{\"email\":\"c@d.example\"}}",
                Map.of("Idempotency-Key", "k")));
    assertEquals(
        RejectionReason.INVALID_EVENT,
        assertThrows(Rejection.class, () -> event.toContactEvent("generic")).reason());
  }
}
