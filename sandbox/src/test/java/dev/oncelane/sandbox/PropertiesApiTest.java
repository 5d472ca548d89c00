package dev.oncelane.sandbox;

import static dev.oncelane.sandbox.CrmClient.CONTACTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.sandbox.CrmClient.Answer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertiesApiTest extends SharedSandboxTest {

  private static Map<String, JsonNode> byName(JsonNode results) {
    Map<String, JsonNode> map = new HashMap<>();
    results.forEach(p -> map.put(p.get("name").asText(), p));
    return map;
  }

  @Test
  void listsEveryContactPropertyInHubSpotsShape() throws Exception {
    Answer answer = crm.get("/crm/v3/properties/contacts");

    assertEquals(200, answer.status());
    Map<String, JsonNode> properties = byName(answer.body().get("results"));
    JsonNode firstname = properties.get("firstname");
    assertEquals("First Name", firstname.get("label").asText());
    assertEquals("string", firstname.get("type").asText());
    assertEquals("text", firstname.get("fieldType").asText());
    assertEquals("contactinformation", firstname.get("groupName").asText());
    assertFalse(firstname.at("/modificationMetadata/readOnlyValue").asBoolean());
    assertFalse(firstname.get("calculated").asBoolean());
    assertFalse(firstname.get("hidden").asBoolean());
    assertTrue(firstname.get("hubspotDefined").asBoolean());
    assertTrue(firstname.get("options").isArray());
    assertTrue(
        properties.get("hs_object_id").at("/modificationMetadata/readOnlyValue").asBoolean());
    assertTrue(properties.get("hs_email_domain").get("calculated").asBoolean());
    assertTrue(properties.get("hs_language").get("hidden").asBoolean());
    assertFalse(properties.get("custom_score").get("hubspotDefined").asBoolean());
    assertFalse(properties.containsKey("favourite_colour"));
  }

  @Test
  void aCreatedPropertyIsListedAndWritableAndANameIsTakenOnce() throws Exception {
    String definition =
        "{\"name\":\"favourite_colour\",\"label\":\"Favourite colour\",\"type\":\"string\","
            + "\"fieldType\":\"text\",\"groupName\":\"contactinformation\"}";
    String contact = "{\"properties\":{\"email\":\"c@example.com\",\"favourite_colour\":\"red\"}}";
    Answer before = crm.post(CONTACTS, contact);

    Answer created = crm.post("/crm/v3/properties/contacts", definition);
    Answer again = crm.post("/crm/v3/properties/contacts", definition);

    assertEquals(400, before.status());
    assertTrue(before.body().get("message").asText().contains("PROPERTY_DOESNT_EXIST"));
    assertEquals(201, created.status(), created.body().toString());
    assertEquals(409, again.status());
    assertEquals("OBJECT_ALREADY_EXISTS", again.body().get("category").asText());
    assertEquals(
        "Favourite colour",
        crm.get("/crm/v3/properties/contacts/favourite_colour").body().get("label").asText());
    assertEquals(201, crm.post(CONTACTS, contact).status());
    assertEquals(404, crm.get("/crm/v3/properties/contacts/nothing_here").status());
  }
}
