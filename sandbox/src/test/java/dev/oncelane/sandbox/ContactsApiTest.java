package dev.oncelane.sandbox;

import static dev.oncelane.sandbox.CrmClient.CONTACTS;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.sandbox.CrmClient.Answer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContactsApiTest extends SharedSandboxTest {

  @Test
  void createAnswers201WithAHubSpotRecord() throws Exception {
    Answer created =
        crm.post(
            CONTACTS,
            "{\"properties\":{\"email\":\"Ada@Example.com\",\"firstname\":\"Ada\",\"custom_score\":7}}");

    assertEquals(201, created.status());
    JsonNode record = created.body();
    String id = record.get("id").asText();
    assertTrue(id.matches("\\d+"), id);
    assertEquals("ada@example.com", record.at("/properties/email").asText());
    assertEquals("Ada", record.at("/properties/firstname").asText());
    assertEquals("7", record.at("/properties/custom_score").asText());
    assertEquals(id, record.at("/properties/hs_object_id").asText());
    assertTrue(record.at("/properties/createdate").isTextual());
    assertTrue(record.at("/properties/lastmodifieddate").isTextual());
    assertTrue(record.get("createdAt").asText().endsWith("Z"));
    assertFalse(record.get("archived").asBoolean());
    assertEquals(1, server.contactCount("ADA@example.COM"));
  }

  @Test
  void readsByIdAndByEmailIgnoringCase() throws Exception {
    String id = crm.create("grace@example.com").body().get("id").asText();

    Answer byId = crm.get(CONTACTS + "/" + id + "?properties=email,firstname");
    Answer byEmail = crm.get(CONTACTS + "/GRACE@Example.com?idProperty=email");

    assertEquals(200, byId.status());
    assertEquals("grace@example.com", byId.body().at("/properties/email").asText());
    assertTrue(byId.body().at("/properties/firstname").isNull());
    assertEquals(200, byEmail.status());
    assertEquals(id, byEmail.body().get("id").asText());
  }

  @Test
  void patchChangesAndClearsValues() throws Exception {
    String id =
        crm.post(CONTACTS, "{\"properties\":{\"email\":\"a@b.io\",\"firstname\":\"Al\"}}")
            .body()
            .get("id")
            .asText();

    Answer renamed = crm.patch(CONTACTS + "/" + id, "{\"properties\":{\"lastname\":\"Turing\"}}");
    Answer cleared = crm.patch(CONTACTS + "/" + id, "{\"properties\":{\"firstname\":\"\"}}");
    Answer read = crm.get(CONTACTS + "/" + id + "?properties=firstname,lastname");

    assertEquals(200, renamed.status());
    assertEquals("Turing", renamed.body().at("/properties/lastname").asText());
    assertEquals(200, cleared.status());
    assertTrue(read.body().at("/properties/firstname").isNull());
    assertEquals("Turing", read.body().at("/properties/lastname").asText());
  }

  @Test
  void patchByEmailAddressesTheContactWithThatEmail() throws Exception {
    String id = crm.create("by-email@example.com").body().get("id").asText();

    Answer patched =
        crm.patch(
            CONTACTS + "/By-Email@example.com?idProperty=email",
            "{\"properties\":{\"company\":\"Acme\"}}");

    assertEquals(200, patched.status());
    assertEquals(id, patched.body().get("id").asText());
    assertEquals("Acme", patched.body().at("/properties/company").asText());
  }

  @Test
  void duplicateEmailAnswers409NamingTheExistingId() throws Exception {
    String id = crm.create("dup@example.com").body().get("id").asText();

    Answer again = crm.create("DUP@example.com");

    assertEquals(409, again.status());
    assertEnvelope(again, "CONFLICT");
    assertEquals(
        "Contact already exists. Existing ID: " + id, again.body().get("message").asText());
    assertEquals(1, server.contactCount("dup@example.com"));
  }

  @Test
  void changingEmailToAnotherContactsEmailAnswers409() throws Exception {
    String first = crm.create("one@example.com").body().get("id").asText();
    String second = crm.create("two@example.com").body().get("id").asText();

    Answer clash =
        crm.patch(CONTACTS + "/" + second, "{\"properties\":{\"email\":\"ONE@example.com\"}}");

    assertEquals(409, clash.status());
    assertEquals(
        "Contact already exists. Existing ID: " + first, clash.body().get("message").asText());
    assertEquals(
        "two@example.com",
        crm.get(CONTACTS + "/" + second).body().at("/properties/email").asText());
  }

  @Test
  void invalidEmailAnswers400WithHubSpotsMessage() throws Exception {
    Answer invalid = crm.create("foo");

    assertEquals(400, invalid.status());
    assertEnvelope(invalid, "VALIDATION_ERROR");
    assertEquals(
        "Property values were not valid: [{\"isValid\":false,\"message\":\"Email address foo is"
            + " invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]",
        invalid.body().get("message").asText());
    assertTrue(server.contacts().isEmpty());
  }

  @Test
  void unknownPropertyAnswers400OnCreateAndPatch() throws Exception {
    Answer onCreate =
        crm.post(CONTACTS, "{\"properties\":{\"email\":\"x@y.io\",\"favourite_colour\":\"red\"}}");
    String id = crm.create("x@y.io").body().get("id").asText();
    Answer onPatch = crm.patch(CONTACTS + "/" + id, "{\"properties\":{\"shoe_size\":\"44\"}}");

    assertEquals(400, onCreate.status());
    assertEnvelope(onCreate, "VALIDATION_ERROR");
    assertTrue(
        onCreate.body().get("message").asText().contains("\"error\":\"PROPERTY_DOESNT_EXIST\""));
    assertTrue(onCreate.body().get("message").asText().contains("\"name\":\"favourite_colour\""));
    assertEquals(400, onPatch.status());
    assertTrue(onPatch.body().get("message").asText().contains("PROPERTY_DOESNT_EXIST"));
    assertEquals(1, server.contacts().size());
  }

  @Test
  void malformedJsonAnswers400Envelope() throws Exception {
    Answer broken = crm.post(CONTACTS, "{\"properties\":");

    assertEquals(400, broken.status());
    assertEnvelope(broken, "VALIDATION_ERROR");
  }

  @Test
  void missingContactAnswers404ObjectNotFound() throws Exception {
    Answer byId = crm.get(CONTACTS + "/999999");
    Answer byEmail = crm.get(CONTACTS + "/nobody@example.com?idProperty=email");
    Answer patch = crm.patch(CONTACTS + "/999999", "{\"properties\":{\"firstname\":\"X\"}}");

    for (Answer answer : new Answer[] {byId, byEmail, patch}) {
      assertEquals(404, answer.status());
      assertEnvelope(answer, "OBJECT_NOT_FOUND");
      assertEquals(
          "Object not found.  objectId are usually numeric.",
          answer.body().get("message").asText());
    }
    assertEquals("999999", byId.body().at("/context/id/0").asText());
    assertEquals("nobody@example.com", byEmail.body().at("/context/id/0").asText());
  }

  @Test
  void missingOrWrongTokenAnswers401() throws Exception {
    Answer missing = crm.send("GET", CONTACTS + "/1", null, null);
    Answer wrong = crm.send("POST", CONTACTS, "{\"properties\":{}}", "not-the-token");

    for (Answer answer : new Answer[] {missing, wrong}) {
      assertEquals(401, answer.status());
      assertEnvelope(answer, "INVALID_AUTHENTICATION");
      assertNotNull(answer.header("X-HubSpot-Auth-Failure"));
    }
    assertTrue(server.contacts().isEmpty());
  }

  @Test
  void everyCrmAnswerCarriesRateLimitHeaders() throws Exception {
    Answer answer = crm.get(CONTACTS + "/1");

    assertEquals("10000", answer.header("X-HubSpot-RateLimit-Interval-Milliseconds"));
    assertNotNull(answer.header("X-HubSpot-RateLimit-Max"));
    assertNotNull(answer.header("X-HubSpot-RateLimit-Remaining"));
    assertNotNull(answer.header("X-HubSpot-RateLimit-Daily"));
    assertNotNull(answer.header("X-HubSpot-RateLimit-Daily-Remaining"));
  }

  static void assertEnvelope(Answer answer, String category) {
    assertTrue(
        answer.header("Content-Type").startsWith("application/json"),
        answer.header("Content-Type"));
    assertEquals("error", answer.body().get("status").asText());
    assertEquals(category, answer.body().get("category").asText());
    assertTrue(answer.body().get("message").isTextual());
    assertDoesNotThrow(() -> UUID.fromString(answer.body().get("correlationId").asText()));
  }
}
