package dev.oncelane.sandbox;

import static dev.oncelane.sandbox.CrmClient.CONTACTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.sandbox.CrmClient.Answer;
import org.junit.jupiter.api.Test;

class BatchApiTest extends SharedSandboxTest {

  @Test
  void batchCreateAnswers200WhenEveryInputIsCreated() throws Exception {
    Answer answer =
        crm.post(
            CONTACTS + "/batch/create",
            "{\"inputs\":[{\"properties\":{\"email\":\"a@x.io\"}},"
                + "{\"properties\":{\"email\":\"b@x.io\"},\"objectWriteTraceId\":\"t-b\"}]}");

    assertEquals(200, answer.status());
    assertEquals("COMPLETE", answer.body().get("status").asText());
    assertEquals(2, answer.body().get("results").size());
    assertFalse(answer.body().has("errors"));
    assertEquals("t-b", answer.body().at("/results/1/objectWriteTraceId").asText());
    assertEquals(2, server.contacts().size());
  }

  @Test
  void batchCreateNamingAnEmailThatExistsFailsWholeWith409AndCreatesNothing() throws Exception {
    String existing = crm.create("taken@x.io").body().get("id").asText();

    Answer answer =
        crm.post(
            CONTACTS + "/batch/create",
            "{\"inputs\":["
                + "{\"properties\":{\"email\":\"fresh@x.io\"},\"objectWriteTraceId\":\"t1\"},"
                + "{\"properties\":{\"email\":\"TAKEN@x.io\"},\"objectWriteTraceId\":\"t2\"}]}");

    assertEquals(409, answer.status());
    ContactsApiTest.assertEnvelope(answer, "CONFLICT");
    assertEquals(
        "Contact already exists. Existing ID: " + existing, answer.body().get("message").asText());
    assertEquals(0, server.contactCount("fresh@x.io"));
    assertEquals(1, server.contactCount("taken@x.io"));
  }

  @Test
  void batchCreateNamingOneEmailTwiceFailsWholeWith409() throws Exception {
    Answer answer =
        crm.post(
            CONTACTS + "/batch/create",
            "{\"inputs\":[{\"properties\":{\"email\":\"twice@x.io\"}},"
                + "{\"properties\":{\"email\":\"Twice@x.io\"}}]}");

    assertEquals(409, answer.status());
    assertTrue(server.contacts().isEmpty());
  }

  @Test
  void batchCreateWithOneInvalidEmailFailsWholeWith400AndCreatesNothing() throws Exception {
    Answer answer =
        crm.post(
            CONTACTS + "/batch/create",
            "{\"inputs\":[{\"properties\":{\"email\":\"fresh@x.io\"}},"
                + "{\"properties\":{\"email\":\"not-an-email\"},\"objectWriteTraceId\":\"t3\"}]}");

    assertEquals(400, answer.status());
    ContactsApiTest.assertEnvelope(answer, "VALIDATION_ERROR");
    assertTrue(answer.body().get("message").asText().contains("INVALID_EMAIL"));
    assertTrue(server.contacts().isEmpty());
  }

  @Test
  void batchUpsertWithOneInvalidEmailFailsWholeWith400AndWritesNothing() throws Exception {
    Answer answer =
        crm.post(
            CONTACTS + "/batch/upsert",
            "{\"inputs\":["
                + "{\"id\":\"good@x.io\",\"idProperty\":\"email\",\"properties\":{}},"
                + "{\"id\":\"bad\",\"idProperty\":\"email\",\"properties\":{}}]}");

    assertEquals(400, answer.status());
    assertTrue(answer.body().get("message").asText().contains("INVALID_EMAIL"));
    assertTrue(server.contacts().isEmpty());
  }

  @Test
  void batchUpsertNamingAHiddenContactsEmailFailsWholeWith409() throws Exception {
    crm.send("POST", "/__sandbox/hidden-contacts", "{\"email\":\"hidden@x.io\"}", null);

    Answer answer =
        crm.post(
            CONTACTS + "/batch/upsert",
            "{\"inputs\":["
                + "{\"id\":\"other@x.io\",\"idProperty\":\"email\",\"properties\":{}},"
                + "{\"id\":\"hidden@x.io\",\"idProperty\":\"email\",\"properties\":{}}]}");

    assertEquals(409, answer.status());
    ContactsApiTest.assertEnvelope(answer, "CONFLICT");
    assertEquals(0, server.contactCount("other@x.io"));
  }

  @Test
  void batchReadAnswers207ForMissingIds() throws Exception {
    String id = crm.create("r@x.io").body().get("id").asText();

    Answer byId =
        crm.post(
            CONTACTS + "/batch/read",
            "{\"properties\":[\"email\"],\"inputs\":[{\"id\":\""
                + id
                + "\"},{\"id\":\"424242\"}]}");
    Answer byEmail =
        crm.post(
            CONTACTS + "/batch/read",
            "{\"idProperty\":\"email\",\"properties\":[],\"inputs\":[{\"id\":\"R@X.io\"}]}");

    assertEquals(207, byId.status());
    assertEquals("r@x.io", byId.body().at("/results/0/properties/email").asText());
    assertEquals("OBJECT_NOT_FOUND", byId.body().at("/errors/0/category").asText());
    assertEquals("424242", byId.body().at("/errors/0/context/ids/0").asText());
    assertEquals(200, byEmail.status());
    assertEquals(id, byEmail.body().at("/results/0/id").asText());
  }

  @Test
  void batchUpdateByIdAnswers200And207() throws Exception {
    String id = crm.create("u@x.io").body().get("id").asText();

    Answer ok =
        crm.post(
            CONTACTS + "/batch/update",
            "{\"inputs\":[{\"id\":\"" + id + "\",\"properties\":{\"city\":\"Oslo\"}}]}");
    Answer partial =
        crm.post(
            CONTACTS + "/batch/update",
            "{\"inputs\":[{\"id\":\""
                + id
                + "\",\"properties\":{\"city\":\"Rome\"}},"
                + "{\"id\":\"777777\",\"properties\":{\"city\":\"X\"},\"objectWriteTraceId\":\"gone\"}]}");

    assertEquals(200, ok.status());
    assertEquals("Oslo", ok.body().at("/results/0/properties/city").asText());
    assertEquals(207, partial.status());
    assertEquals("OBJECT_NOT_FOUND", partial.body().at("/errors/0/category").asText());
    assertEquals("gone", partial.body().at("/errors/0/context/objectWriteTraceId/0").asText());
    assertEquals(
        "Rome",
        crm.get(CONTACTS + "/" + id + "?properties=city").body().at("/properties/city").asText());
  }

  @Test
  void batchUpdateByEmailIsRefusedAsANonUniqueProperty() throws Exception {
    crm.create("e@x.io");

    Answer refused =
        crm.post(
            CONTACTS + "/batch/update",
            "{\"inputs\":[{\"id\":\"e@x.io\",\"idProperty\":\"email\",\"properties\":{\"city\":\"Oslo\"}}]}");

    assertEquals(400, refused.status());
    ContactsApiTest.assertEnvelope(refused, "VALIDATION_ERROR");
    assertTrue(refused.body().get("message").asText().contains("non-unique property"));
    assertTrue(
        crm.get(CONTACTS + "/e@x.io?idProperty=email&properties=city")
            .body()
            .at("/properties/city")
            .isNull());
  }

  @Test
  void upsertByEmailTellsNewFromExisting() throws Exception {
    String existing = crm.create("old@x.io").body().get("id").asText();

    Answer answer =
        crm.post(
            CONTACTS + "/batch/upsert",
            "{\"inputs\":["
                + "{\"id\":\"OLD@x.io\",\"idProperty\":\"email\",\"properties\":{\"firstname\":\"O\"}},"
                + "{\"id\":\"new@x.io\",\"idProperty\":\"email\",\"properties\":{\"firstname\":\"N\"}}]}");

    assertEquals(200, answer.status());
    JsonNode results = answer.body().get("results");
    assertEquals(existing, results.get(0).get("id").asText());
    assertFalse(results.get(0).get("new").asBoolean());
    assertEquals("O", results.get(0).at("/properties/firstname").asText());
    assertTrue(results.get(1).get("new").asBoolean());
    assertEquals("new@x.io", results.get(1).at("/properties/email").asText());
    assertEquals(1, server.contactCount("old@x.io"));
    assertEquals(1, server.contactCount("new@x.io"));
  }

  @Test
  void batchWithDuplicateIdsOrTooManyInputsIsRefusedWhole() throws Exception {
    Answer duplicate =
        crm.post(
            CONTACTS + "/batch/upsert",
            "{\"inputs\":[{\"id\":\"d@x.io\",\"idProperty\":\"email\",\"properties\":{}},"
                + "{\"id\":\"D@x.io\",\"idProperty\":\"email\",\"properties\":{}}]}");
    StringBuilder many = new StringBuilder("{\"inputs\":[");
    for (int i = 0; i <= 100; i++) {
      many.append(i == 0 ? "" : ",")
          .append("{\"properties\":{\"email\":\"m")
          .append(i)
          .append("@x.io\"}}");
    }
    Answer tooMany = crm.post(CONTACTS + "/batch/create", many.append("]}").toString());

    assertEquals(400, duplicate.status());
    assertEquals(400, tooMany.status());
    assertTrue(server.contacts().isEmpty());
  }
}
