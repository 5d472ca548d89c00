package dev.oncelane.activities.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.oncelane.activities.hubspot.HubSpotError;
import dev.oncelane.activities.hubspot.HubSpotErrorParser;
import org.junit.jupiter.api.Test;

class ConflictIdParserTest {

  private static String idOf(String body) {
    return ConflictIdParser.existingId(HubSpotErrorParser.parse(body));
  }

  @Test
  void readsHubSpotsMessage() {
    assertEquals(
        "37765128953",
        idOf(
            "{\"status\":\"error\",\"message\":\"Contact already exists. Existing ID: 37765128953\","
                + "\"category\":\"CONFLICT\"}"));
  }

  @Test
  void messageMatchIsLenientAboutCaseAndSpacing() {
    assertEquals("12", ConflictIdParser.fromMessage("contact already exists. existing id:12"));
    assertEquals("34", ConflictIdParser.fromMessage("Existing ID:   34."));
    assertNull(ConflictIdParser.fromMessage("Existing ID: none"));
    assertNull(ConflictIdParser.fromMessage(null));
  }

  @Test
  void aStructuredFieldWinsOverTheMessage() {
    assertEquals(
        "99",
        idOf(
            "{\"message\":\"Contact already exists. Existing ID: 12\","
                + "\"errors\":[{\"context\":{\"existingId\":[\"99\"]}}]}"));
    assertEquals("77", idOf("{\"message\":\"Existing ID: 12\",\"context\":{\"id\":[\"77\"]}}"));
  }

  @Test
  void theMostSpecificKeyWinsWhereverItIs() {
    assertEquals(
        "5",
        idOf(
            "{\"errors\":[{\"context\":{\"id\":[\"1\"]}}],"
                + "\"context\":{\"ExistingObjectId\":\"5\"}}"));
  }

  @Test
  void nonNumericStructuredValuesAreSkipped() {
    assertEquals(
        "12",
        idOf(
            "{\"message\":\"Existing ID: 12\","
                + "\"context\":{\"id\":[\"abc\"],\"objectWriteTraceId\":[\"42\"]}}"));
  }

  @Test
  void theIdMayOnlyBeInADetailMessage() {
    assertEquals(
        "8", idOf("{\"message\":\"Conflict\",\"errors\":[{\"message\":\"Existing ID: 8\"}]}"));
  }

  @Test
  void aConflictWithoutAnIdGivesNull() {
    assertNull(idOf("{\"status\":\"error\",\"message\":\"Contact already exists.\"}"));
    assertNull(idOf("<html>409</html>"));
    assertNull(ConflictIdParser.existingId(HubSpotError.empty()));
    assertNull(ConflictIdParser.existingId(null));
  }
}
