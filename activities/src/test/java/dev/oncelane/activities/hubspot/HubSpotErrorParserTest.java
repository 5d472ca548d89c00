package dev.oncelane.activities.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HubSpotErrorParserTest {

  @Test
  void readsTheFullEnvelope() {
    HubSpotError e =
        HubSpotErrorParser.parse(
            """
            {"status":"error","message":"Property values were not valid","correlationId":"c-1",
             "category":"VALIDATION_ERROR",
             "errors":[{"message":"Email address foo is invalid","code":"INVALID_EMAIL",
                        "context":{"propertyName":["email"]}}],
             "context":{"id":["512"],"n":7}}
            """);
    assertEquals("error", e.status());
    assertEquals("Property values were not valid", e.message());
    assertEquals("c-1", e.correlationId());
    assertEquals("VALIDATION_ERROR", e.category());
    assertEquals(1, e.errors().size());
    assertEquals("INVALID_EMAIL", e.errors().get(0).code());
    assertEquals("Email address foo is invalid", e.errors().get(0).message());
    assertEquals(List.of("email"), e.errors().get(0).context().get("propertyName"));
    assertEquals(List.of("512"), e.context().get("id"));
    assertEquals(List.of("7"), e.context().get("n"), "a scalar context value is a one-item list");
    assertNull(e.unparsedBody());
  }

  @Test
  void readsTheRateLimitFields() {
    HubSpotError e =
        HubSpotErrorParser.parse(
            """
            {"status":"error","message":"You have reached your daily limit.",
             "errorType":"RATE_LIMIT","correlationId":"c-2","policyName":"DAILY","groupName":"x"}
            """);
    assertEquals("RATE_LIMIT", e.errorType());
    assertEquals("DAILY", e.policyName());
    assertTrue(e.isDailyLimit());
    assertFalse(
        HubSpotErrorParser.parse("{\"policyName\":\"TEN_SECONDLY_ROLLING\"}").isDailyLimit());
  }

  @Test
  void fieldsOfUnexpectedTypesAreLeftOut() {
    HubSpotError e =
        HubSpotErrorParser.parse(
            "{\"message\":{\"nested\":1},\"category\":null,\"errors\":\"none\","
                + "\"context\":[1,2],\"status\":404}");
    assertNull(e.message());
    assertNull(e.category());
    assertTrue(e.errors().isEmpty());
    assertTrue(e.context().isEmpty());
    assertEquals("404", e.status());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        "upstream connect error or disconnect/reset before headers",
        "{\"message\": \"cut off",
        "[1,2,3]",
        "\"just a string\""
      })
  void nonJsonBodiesAreKeptAsText(String body) {
    HubSpotError e = HubSpotErrorParser.parse(body);
    assertNull(e.message());
    assertEquals(body, e.unparsedBody());
    assertEquals(body, e.bestMessage());
  }

  @Test
  void longGarbageIsTruncated() {
    String body = "x".repeat(5000);
    HubSpotError e = HubSpotErrorParser.parse(body);
    assertEquals(HubSpotErrorParser.UNPARSED_BODY_LIMIT + 1, e.unparsedBody().length());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\n"})
  void noBodyIsAnEmptyError(String body) {
    assertEquals(HubSpotError.empty(), HubSpotErrorParser.parse(body));
  }
}
