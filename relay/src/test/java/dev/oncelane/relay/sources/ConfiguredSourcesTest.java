package dev.oncelane.relay.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.relay.Fixtures;
import dev.oncelane.relay.Ignored;
import dev.oncelane.relay.Rejection;
import dev.oncelane.relay.RejectionReason;
import dev.oncelane.relay.signatures.HubSpotV3Verifier;
import dev.oncelane.relay.signatures.SignatureScheme;
import dev.oncelane.relay.signatures.StandardWebhooksVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfiguredSourcesTest {

  private static final Clock CLOCK = Clock.systemUTC();

  private static Delivery delivery(String body, Map<String, String> headers) {
    return new Delivery(body.getBytes(StandardCharsets.UTF_8), headers::get);
  }

  private static WebhookSource defaultSource(String name) {
    return Sources.defaults(null, null, TypeformFieldMapping.IDENTITY).stream()
        .filter(s -> s.name().equals(name))
        .map(s -> Sources.create(s, CLOCK))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theStandardWebhooksPresetReadsTheSpecsContactPayload() {
    // The specification's "full payload" example (standardwebhooks.com, Payload), with an email.
    String body =
        """
        {"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z",
         "data":{"id":"1f81eb52-5198-4599-803e-771906343485","type":"contact",
                 "fullName":"John Smith","email":"john@example.com",
                 "address":"800 W NASA Pkwy, Webster, TX 77598, USA","phoneNumber":"(281) 332-2575",
                 "birthday":"1980-04-19","occupation":"Engineer, ACME","tags":["a"],"manager":null}}
        """;
    SourceEvent event =
        defaultSource("standard-webhooks")
            .read(delivery(body, Map.of("webhook-id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W")));

    assertEquals("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", event.key());
    assertEquals("john@example.com", event.email());
    assertEquals("2022-11-03T20:26:10.344522Z", event.occurredAt());
    assertEquals("John Smith", event.properties().get("fullName"));
    assertEquals("(281) 332-2575", event.properties().get("phoneNumber"));
    assertEquals(7, event.properties().size(), event.properties().toString());
    assertEquals(
        List.of("data.tags: an object or array, not a property value", "data.manager: null"),
        event.skipped());
  }

  @Test
  void theStandardWebhooksPresetSyncsOnlyTheConfiguredTypesAndIgnoresTheRest() {
    WebhookSource source =
        Sources.create(
            SourceConfig.builder("crm", Preset.STANDARD_WEBHOOKS)
                .events(List.of("contact.*"))
                .fields(Map.of("fullName", "firstname", "id", ""))
                .mappedOnly(false)
                .build(),
            CLOCK);
    String contact =
        "{\"type\":\"contact.updated\",\"timestamp\":\"2022-11-03T20:26:10Z\","
            + "\"data\":{\"id\":\"1\",\"fullName\":\"Ann\",\"email\":\"ann@example.com\"}}";
    String invoice =
        "{\"type\":\"invoice.paid\",\"timestamp\":\"2022-11-03T20:26:10Z\",\"data\":{}}";
    Map<String, String> key = Map.of("webhook-id", "msg_1");

    assertEquals(Map.of("firstname", "Ann"), source.read(delivery(contact, key)).properties());
    Ignored ignored = assertThrows(Ignored.class, () -> source.read(delivery(invoice, key)));
    assertTrue(ignored.reason().contains("invoice.paid"), ignored.reason());
    assertThrows(
        Ignored.class,
        () ->
            source.read(
                delivery(
                    "{\"type\":\"contact.updated\",\"data\":{\"fullName\":\"No Email\"}}", key)));
    assertEquals(
        RejectionReason.MISSING_KEY,
        assertThrows(Rejection.class, () -> source.read(delivery(contact, Map.of()))).reason());
  }

  @Test
  void typeformPartialResponsesAreIgnoredAndTheHiddenEmailIsUsed() {
    WebhookSource typeform = defaultSource("typeform");
    String partial =
        "{\"event_id\":\"p1\",\"event_type\":\"form_response_partial\",\"form_response\":{}}";
    Ignored ignored = assertThrows(Ignored.class, () -> typeform.read(delivery(partial, Map.of())));
    assertTrue(ignored.reason().contains("form_response_partial"), ignored.reason());

    String hiddenEmail =
        """
        {"event_id":"h1","event_type":"form_response","form_response":{
          "hidden":{"email":"hidden@example.com"},
          "answers":[{"type":"text","text":"Ann","field":{"id":"f1","ref":"01HXYZ"}}]}}
        """;
    SourceEvent event = typeform.read(delivery(hiddenEmail, Map.of()));
    assertEquals("hidden@example.com", event.email());
    assertEquals(Map.of("01HXYZ", "Ann"), event.properties());
  }

  @Test
  void typeformMapsTheExamplesRefsThroughTheFieldTable() {
    WebhookSource typeform =
        Sources.create(
            SourceConfig.builder("signup", Preset.TYPEFORM)
                .fields(Map.of("readable_ref_short_text", "firstname"))
                .mappedOnly(true)
                .build(),
            CLOCK);
    SourceEvent event =
        typeform.read(new Delivery(Fixtures.typeformExamplePayload(), name -> null));

    assertEquals(Map.of("firstname", "Laura"), event.properties());
    assertTrue(
        event.skipped().contains("answer readable_ref_date: not mapped to a property"),
        event.skipped().toString());
  }

  @Test
  void anExpressionsSourceReadsEveryPartThroughJmesPath() {
    WebhookSource source =
        Sources.create(
            SourceConfig.builder("shop", Preset.EXPRESSIONS)
                .signature(SignatureScheme.NONE)
                .unsigned(true)
                .events(List.of("customer.created"))
                .expressions(
                    new SourceConfig.Expressions(
                        "event.id",
                        null,
                        "customer.emails[0]",
                        "event.at",
                        "event.kind",
                        Map.of("firstname", "customer.name.first", "city", "customer.city")))
                .build(),
            CLOCK);
    String body =
        """
        {"event":{"id":"ev_9","kind":"customer.created","at":"2025-01-31T12:00:00Z"},
         "customer":{"emails":["eve@example.com"],"name":{"first":"Eve"}}}
        """;

    SourceEvent event = source.read(delivery(body, Map.of()));

    assertEquals("ev_9", event.key());
    assertEquals("eve@example.com", event.email());
    assertEquals("2025-01-31T12:00:00Z", event.occurredAt());
    assertEquals(Map.of("firstname", "Eve"), event.properties());
    assertEquals(List.of("city: customer.city found nothing"), event.skipped());
    assertThrows(
        Ignored.class,
        () ->
            source.read(delivery(body.replace("customer.created", "customer.deleted"), Map.of())));
  }

  @Test
  void aBrokenExpressionIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ExpressionSource.compile("properties.city", "customer.[city"));
    assertTrue(e.getMessage().startsWith("properties.city: 'customer.[city'"), e.getMessage());
  }

  @Test
  void hubSpotV3MatchesHubSpotsPublishedVectorAndRefusesStaleTimestamps() {
    // HubSpot's Python client tests: secret, POST, URI, body and timestamp 15000000 (ms).
    String secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    byte[] body = "{'example_field':'example_value'}".getBytes(StandardCharsets.UTF_8);
    Clock then = Clock.fixed(Instant.ofEpochMilli(15000000L + 1000), ZoneOffset.UTC);
    HubSpotV3Verifier verifier = new HubSpotV3Verifier(secret, null, then);
    String expected = "HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=";

    assertEquals(
        expected, verifier.sign("POST", "https://www.example.com/webhook_uri", body, "15000000"));
    Map<String, String> headers =
        Map.of(
            HubSpotV3Verifier.SIGNATURE_HEADER,
            expected,
            HubSpotV3Verifier.TIMESTAMP_HEADER,
            "15000000");
    verifier.verify(
        new Delivery(body, headers::get, "POST", "https://www.example.com/webhook_uri"));
    // Behind a proxy: the relay sees its own URL; the configured public URL is what was signed.
    new HubSpotV3Verifier(secret, "https://www.example.com/webhook_uri", then)
        .verify(new Delivery(body, headers::get, "POST", "http://10.0.0.5:8080/webhooks/hubspot"));

    HubSpotV3Verifier later =
        new HubSpotV3Verifier(
            secret, null, Clock.fixed(Instant.ofEpochMilli(15000000L + 301_000), ZoneOffset.UTC));
    assertEquals(
        RejectionReason.SIGNATURE_TIMESTAMP_INVALID,
        assertThrows(
                Rejection.class,
                () ->
                    later.verify(
                        new Delivery(
                            body, headers::get, "POST", "https://www.example.com/webhook_uri")))
            .reason());
    assertEquals(
        RejectionReason.SIGNATURE_INVALID,
        assertThrows(
                Rejection.class,
                () ->
                    verifier.verify(
                        new Delivery(
                            body, headers::get, "POST", "https://www.example.com/other_uri")))
            .reason());
  }

  @Test
  void aSignedStandardWebhooksSourceRefusesForgeries() {
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    WebhookSource source =
        Sources.create(
            SourceConfig.builder("sw", Preset.STANDARD_WEBHOOKS)
                .secret(secret, "SW_SECRET")
                .build(),
            CLOCK);
    String body = "{\"type\":\"a.b\",\"data\":{\"email\":\"a@b.example\"}}";
    long now = Instant.now().getEpochSecond();
    String signature =
        new StandardWebhooksVerifier(secret, CLOCK)
            .sign("msg_1", now, body.getBytes(StandardCharsets.UTF_8));

    assertEquals(
        "msg_1",
        source
            .read(
                delivery(
                    body,
                    Map.of(
                        "webhook-id",
                        "msg_1",
                        "webhook-timestamp",
                        Long.toString(now),
                        "webhook-signature",
                        signature)))
            .key());
    assertEquals(
        RejectionReason.SIGNATURE_MISSING,
        assertThrows(
                Rejection.class, () -> source.read(delivery(body, Map.of("webhook-id", "msg_1"))))
            .reason());
  }

  @Test
  void anUnsignedSourceIsRefusedBeyondLoopbackUnlessItOptsIn() {
    SourceConfig unsignedTypeform =
        SourceConfig.builder("typeform", Preset.TYPEFORM).secret(null, "TYPEFORM_SECRET").build();

    assertEquals(List.of(), unsignedTypeform.problems(false));
    List<String> problems = unsignedTypeform.problems(true);
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains("TYPEFORM_SECRET is unset"), problems.get(0));
    assertTrue(problems.get(0).contains("TYPEFORM_UNSIGNED=true"), problems.get(0));
    assertEquals(List.of(), unsignedTypeform.toBuilder().unsigned(true).build().problems(true));

    SourceConfig none =
        SourceConfig.builder("x", Preset.GENERIC).signature(SignatureScheme.NONE).build();
    assertEquals(1, none.problems(false).size(), "signature none needs the opt-in even locally");
    assertEquals(List.of(), none.toBuilder().unsigned(true).build().problems(true));
  }
}
