package dev.oncelane.relay.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.oncelane.relay.Fixtures;
import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import dev.oncelane.workflows.sync.ContactEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeformSourceTest {

  private static byte[] examplePayload() {
    return Fixtures.typeformExamplePayload();
  }

  private static Delivery unsigned(byte[] body) {
    return new Delivery(body, name -> null);
  }

  @Test
  void readsTheExamplePayloadUnderEachRef() {
    SourceEvent event =
        new TypeformSource(null, TypeformFieldMapping.IDENTITY).read(unsigned(examplePayload()));

    assertEquals("LtWXD3crgy", event.key());
    assertEquals("laura@example.com", event.email());
    assertEquals("2018-01-18T18:17:02Z", event.occurredAt());
    assertEquals(
        Map.ofEntries(
            Map.entry(
                "readable_ref_long_text",
                "It's cold right now! I live in an older medium-sized city with a university."
                    + " Geographically, the area is hilly."),
            Map.entry("readable_ref_short_text", "Laura"),
            Map.entry("readable_ref_date", "2005-10-15"),
            Map.entry("readable_ref_picture_choice", "London;Sydney"),
            Map.entry("readable_ref_number1", "5"),
            Map.entry("readable_ref_legal", "true"),
            Map.entry("readable_ref_multiple_choice", "London"),
            Map.entry("readable_ref_yes_no", "false"),
            Map.entry("readable_ref_opinion_scale", "2"),
            Map.entry("readable_ref_rating", "3"),
            Map.entry("readable_ref_number2", "4"),
            Map.entry(
                "readable_ref_calendly",
                "https://calendly.com/scheduled_events/EVENT_TYPE_ID/invitees/INVITEE_ID")),
        event.properties());
  }

  @Test
  void mapsRefsToPropertiesAndDropsTheRestWhenMappedOnly() {
    TypeformFieldMapping mapping =
        TypeformFieldMapping.parse(
            "readable_ref_short_text=firstname, readable_ref_multiple_choice=city,"
                + " readable_ref_date=",
            true);
    SourceEvent event = new TypeformSource(null, mapping).read(unsigned(examplePayload()));

    assertEquals(Map.of("firstname", "Laura", "city", "London"), event.properties());
  }

  @Test
  void buildsTheContactEventWithSourcePrefixedIdAndHash() {
    ContactEvent event =
        new TypeformSource(null, TypeformFieldMapping.IDENTITY)
            .read(unsigned(examplePayload()))
            .toContactEvent(TypeformSource.NAME);

    assertEquals("typeform:LtWXD3crgy", event.processingId());
    assertEquals("typeform", event.source());
    assertEquals(CanonicalPayload.hash(event), event.payloadHash());
    assertEquals(64, event.payloadHash().length());
  }

  @Test
  void findsTheRefInTheDefinitionWhenTheAnswerLacksIt() {
    String body =
        """
        {"event_id":"e1","event_type":"form_response","form_response":{
          "definition":{"fields":[{"id":"f1","ref":"firstname"}]},
          "answers":[{"type":"email","email":"A@B.example","field":{"id":"f0"}},
                     {"type":"text","text":"Ann","field":{"id":"f1","type":"short_text"}}]}}
        """;
    SourceEvent event =
        new TypeformSource(null, TypeformFieldMapping.IDENTITY)
            .read(unsigned(body.getBytes(StandardCharsets.UTF_8)));

    assertEquals(Map.of("firstname", "Ann"), event.properties());
  }

  @Test
  void acknowledgesAResponseWithoutEmailAndRefusesOneWithoutKey() {
    TypeformSource source = new TypeformSource(null, TypeformFieldMapping.IDENTITY);
    String noEmail =
        "{\"event_id\":\"e1\",\"event_type\":\"form_response\",\"form_response\":{\"answers\":[]}}";
    String noKey = "{\"event_type\":\"form_response\",\"form_response\":{\"answers\":[]}}";

    assertThrows(dev.oncelane.relay.Ignored.class, () -> source.read(unsigned(noEmail.getBytes())));
    assertEquals(
        RejectionReason.MISSING_KEY,
        assertThrows(Rejection.class, () -> source.read(unsigned(noKey.getBytes()))).reason());
  }

  @Test
  void checksTheSignatureBeforeReadingWhenASecretIsSet() {
    byte[] body = examplePayload();
    TypeformSource source = new TypeformSource("abc123", TypeformFieldMapping.IDENTITY);
    String good = new dev.oncelane.relay.signatures.TypeformSignatureVerifier("abc123").sign(body);

    assertEquals("LtWXD3crgy", source.read(new Delivery(body, h -> good)).key());
    assertEquals(
        RejectionReason.SIGNATURE_INVALID,
        assertThrows(Rejection.class, () -> source.read(new Delivery(body, h -> "sha256=AAAA")))
            .reason());
    assertEquals(
        RejectionReason.SIGNATURE_MISSING,
        assertThrows(Rejection.class, () -> source.read(unsigned(body))).reason());
  }
}
