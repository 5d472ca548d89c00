package dev.oncelane.activities.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.activities.hubspot.HubSpotApiException;
import dev.oncelane.activities.hubspot.HubSpotErrorParser;
import dev.oncelane.activities.hubspot.HubSpotTransportException;
import dev.oncelane.activities.hubspot.RateLimitHeaders;
import dev.oncelane.workflows.crm.ConflictDetails;
import dev.oncelane.workflows.crm.CrmFailures;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrmFailureClassifierTest {

  private static HubSpotApiException answer(int status, String body) {
    return answer(status, body, RateLimitHeaders.none());
  }

  private static HubSpotApiException answer(int status, String body, RateLimitHeaders headers) {
    return new HubSpotApiException("op", status, HubSpotErrorParser.parse(body), headers);
  }

  private static ApplicationFailure classify(CrmOperation op, HubSpotApiException e) {
    return CrmFailureClassifier.classify(op, e, 1);
  }

  @Test
  void conflictOnCreateCarriesTheParsedId() {
    ApplicationFailure f =
        classify(
            CrmOperation.CREATE,
            answer(
                409,
                "{\"message\":\"Contact already exists. Existing ID: 512\",\"correlationId\":\"c9\","
                    + "\"category\":\"CONFLICT\"}"));
    assertEquals(CrmFailures.CONFLICT, f.getType());
    assertTrue(f.isNonRetryable());
    assertEquals("Contact already exists. Existing ID: 512", f.getOriginalMessage());
    assertEquals(
        new ConflictDetails("512", "Contact already exists. Existing ID: 512", "c9"),
        f.getDetails().get(ConflictDetails.class));
  }

  @Test
  void conflictWithoutAnIdCarriesNull() {
    ApplicationFailure f =
        classify(CrmOperation.CREATE, answer(409, "{\"message\":\"Contact already exists.\"}"));
    assertEquals(CrmFailures.CONFLICT, f.getType());
    assertNull(f.getDetails().get(ConflictDetails.class).existingId());
  }

  @Test
  void conflictOnUpdateIsAValidationError() {
    ApplicationFailure f =
        classify(CrmOperation.UPDATE, answer(409, "{\"message\":\"Existing ID: 7\"}"));
    assertEquals(CrmFailures.VALIDATION, f.getType());
    assertTrue(f.isNonRetryable());
  }

  @Test
  void validationErrorKeepsTheCrmsMessage() {
    String message =
        "Property values were not valid: [{\"isValid\":false,\"message\":\"Email address foo is"
            + " invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]";
    ApplicationFailure f =
        classify(
            CrmOperation.CREATE,
            answer(
                400,
                "{\"category\":\"VALIDATION_ERROR\",\"message\":"
                    + com.fasterxml.jackson.databind.node.TextNode.valueOf(message)
                    + "}"));
    assertEquals(CrmFailures.VALIDATION, f.getType());
    assertTrue(f.isNonRetryable());
    assertEquals(message, f.getOriginalMessage());
  }

  @Test
  void notFoundOnUpdateIsNotRetried() {
    ApplicationFailure f =
        classify(
            CrmOperation.UPDATE,
            answer(404, "{\"category\":\"OBJECT_NOT_FOUND\",\"message\":\"Object not found.\"}"));
    assertEquals(CrmFailures.NOT_FOUND, f.getType());
    assertTrue(f.isNonRetryable());
  }

  @Test
  void rateLimitIsABenignRetryWithTheHeadersDelay() {
    RateLimitHeaders h = new RateLimitHeaders(100L, 0L, 10_000L, null, null, null);
    ApplicationFailure f =
        classify(
            CrmOperation.CREATE,
            answer(
                429, "{\"errorType\":\"RATE_LIMIT\",\"policyName\":\"TEN_SECONDLY_ROLLING\"}", h));
    assertEquals(CrmFailures.RATE_LIMITED, f.getType());
    assertFalse(f.isNonRetryable());
    assertEquals(Duration.ofSeconds(10), f.getNextRetryDelay());
    assertEquals(ApplicationErrorCategory.BENIGN, f.getCategory());
  }

  @Test
  void dailyRateLimitWaitsAnHour() {
    ApplicationFailure f = classify(CrmOperation.FIND, answer(429, "{\"policyName\":\"DAILY\"}"));
    assertEquals(Duration.ofHours(1), f.getNextRetryDelay());
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void authIsRetriedSlowerWithEachAttempt(int status) {
    HubSpotApiException e = answer(status, "{\"category\":\"INVALID_AUTHENTICATION\"}");
    ApplicationFailure first = CrmFailureClassifier.classify(CrmOperation.FIND, e, 1);
    ApplicationFailure fourth = CrmFailureClassifier.classify(CrmOperation.FIND, e, 4);
    assertEquals(CrmFailures.AUTH, first.getType());
    assertFalse(first.isNonRetryable());
    assertEquals(Duration.ofSeconds(30), first.getNextRetryDelay());
    assertEquals(Duration.ofSeconds(120), fourth.getNextRetryDelay());
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504, 423, 477})
  void serverTroubleIsUnavailable(int status) {
    ApplicationFailure f = classify(CrmOperation.UPDATE, answer(status, "<html>oops</html>"));
    assertEquals(CrmFailures.UNAVAILABLE, f.getType());
    assertFalse(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().contains("HTTP " + status), f.getOriginalMessage());
  }

  @Test
  void unavailableHonoursRetryAfter() {
    RateLimitHeaders h = new RateLimitHeaders(null, null, null, null, null, Duration.ofSeconds(4));
    ApplicationFailure f = classify(CrmOperation.CREATE, answer(503, "", h));
    assertEquals(Duration.ofSeconds(4), f.getNextRetryDelay());
    assertNull(classify(CrmOperation.CREATE, answer(503, "")).getNextRetryDelay());
  }

  @Test
  void unexpectedStatusesAreRetriedNotDropped() {
    ApplicationFailure f = classify(CrmOperation.CREATE, answer(404, "Not Found"));
    assertEquals(CrmFailures.UNAVAILABLE, f.getType());
    assertFalse(f.isNonRetryable());
  }

  @Test
  void noAnswerIsUnavailableWithItsCause() {
    HubSpotTransportException e =
        new HubSpotTransportException(
            "createContact", "timeout", new SocketTimeoutException("timeout"));
    ApplicationFailure f = CrmFailureClassifier.classify(CrmOperation.CREATE, e, 1);
    assertEquals(CrmFailures.UNAVAILABLE, f.getType());
    assertFalse(f.isNonRetryable());
    assertSame(e, f.getCause());
  }
}
