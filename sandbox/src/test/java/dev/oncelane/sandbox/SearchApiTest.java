package dev.oncelane.sandbox;

import static dev.oncelane.sandbox.CrmClient.CONTACTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oncelane.sandbox.CrmClient.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SearchApiTest extends SharedSandboxTest {

  private static final String SEARCH = CONTACTS + "/search";

  @BeforeEach
  void noFaults() {
    server.setFaults(FaultConfig.none());
  }

  @Test
  void filtersAreAndedWithinAGroupAndGroupsOred() throws Exception {
    seed("ann@acme.com", "Ann", "30");
    seed("bob@acme.com", "Bob", "45");
    seed("cid@other.org", "Cid", null);

    assertEquals(List.of("ann@acme.com"), emails(search(group(eq("firstname", "ANN")))));
    assertEquals(
        List.of("bob@acme.com"),
        emails(search(group(token("email", "acme.com"), filter("custom_age", "GT", "40")))));
    assertEquals(
        List.of("ann@acme.com", "cid@other.org"),
        emails(search(group(eq("firstname", "ann")) + "," + group(eq("firstname", "Cid")))));
    assertEquals(
        List.of("cid@other.org"), emails(search(group(has("NOT_HAS_PROPERTY", "custom_age")))));
    assertEquals(
        List.of("ann@acme.com", "bob@acme.com"),
        emails(search(group(has("HAS_PROPERTY", "custom_age")))));
    assertEquals(
        List.of("bob@acme.com", "cid@other.org"),
        emails(search(group(filter("firstname", "NEQ", "ann")))));
    assertEquals(List.of("cid@other.org"), emails(search(group(token("email", "other")))));
  }

  @Test
  void pagesWithAfterCursorUntilNoNextPage() throws Exception {
    for (int i = 0; i < 5; i++) {
      crm.create("page" + i + "@example.com");
    }
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      String cursor = after == null ? "" : ",\"after\":\"" + after + "\"";
      Answer page = crm.post(SEARCH, "{\"limit\":2" + cursor + "}");
      assertEquals(200, page.status());
      assertEquals(5, page.body().get("total").asInt());
      seen.addAll(emails(page));
      JsonNode next = page.body().at("/paging/next/after");
      after = next.isMissingNode() ? null : next.asText();
      pages++;
    } while (after != null && pages < 10);

    assertEquals(3, pages);
    assertEquals(IntStream.range(0, 5).mapToObj(i -> "page" + i + "@example.com").toList(), seen);
  }

  @Test
  void sortsAndSelectsProperties() throws Exception {
    seed("a@x.io", "Zed", "1");
    seed("b@x.io", "Amy", "2");

    Answer sorted =
        crm.post(
            SEARCH,
            "{\"sorts\":[{\"propertyName\":\"firstname\",\"direction\":\"ASCENDING\"}],"
                + "\"properties\":[\"firstname\"]}");

    assertEquals(List.of("Amy", "Zed"), values(sorted, "firstname"));
    assertFalse(sorted.body().at("/results/0/properties").has("email"));
  }

  @Test
  void refusesRequestsOverHubSpotsLimits() throws Exception {
    String sixGroups =
        IntStream.range(0, 6).mapToObj(i -> group(eq("firstname", "x"))).collect(joining());
    String sevenFilters =
        group(IntStream.range(0, 7).mapToObj(i -> eq("firstname", "x")).toArray(String[]::new));
    String nineteenFilters =
        IntStream.range(0, 4)
            .mapToObj(
                i ->
                    group(
                        IntStream.range(0, 5)
                            .mapToObj(j -> eq("firstname", "x"))
                            .toArray(String[]::new)))
            .collect(joining());

    assertEquals(400, crm.post(SEARCH, body(sixGroups)).status());
    assertEquals(400, crm.post(SEARCH, body(sevenFilters)).status());
    assertEquals(400, crm.post(SEARCH, body(nineteenFilters)).status());
    assertEquals(400, crm.post(SEARCH, "{\"limit\":201}").status());
    assertEquals(400, crm.post(SEARCH, body(group(filter("email", "LIKE", "x")))).status());
    ContactsApiTest.assertEnvelope(crm.post(SEARCH, "{\"limit\":201}"), "VALIDATION_ERROR");
    String fiveGroupsOfThree =
        IntStream.range(0, 5)
            .mapToObj(i -> group(eq("firstname", "x"), eq("lastname", "y"), eq("city", "z")))
            .collect(joining());
    assertEquals(
        200, crm.post(SEARCH, "{\"limit\":200," + body(fiveGroupsOfThree).substring(1)).status());
  }

  @Test
  void searchSeesWritesOnlyAfterTheIndexLag() throws Exception {
    server.setFaults(FaultConfig.none().withSearchLagMs(1_000));
    String id = crm.create("lag@example.com").body().get("id").asText();

    assertEquals(List.of(), emails(search(group(eq("email", "lag@example.com")))));
    assertEquals(200, crm.get(CONTACTS + "/lag@example.com?idProperty=email").status());
    assertTrue(
        CrmClient.eventually(
            Duration.ofSeconds(5),
            () -> emails(search(group(eq("email", "lag@example.com")))).size() == 1));

    crm.patch(CONTACTS + "/" + id, "{\"properties\":{\"firstname\":\"New\"}}");
    assertEquals(List.of(), emails(search(group(eq("firstname", "New")))));
    assertEquals(
        List.of("lag@example.com"), emails(search(group(has("NOT_HAS_PROPERTY", "firstname")))));
    assertTrue(
        CrmClient.eventually(
            Duration.ofSeconds(5),
            () -> emails(search(group(eq("firstname", "New")))).size() == 1));
  }

  private static void seed(String email, String firstname, String age) throws IOException {
    String ageJson = age == null ? "" : ",\"custom_age\":\"" + age + "\"";
    Answer created =
        crm.post(
            CONTACTS,
            "{\"properties\":{\"email\":\""
                + email
                + "\",\"firstname\":\""
                + firstname
                + "\""
                + ageJson
                + "}}");
    assertEquals(201, created.status());
  }

  private static Answer search(String groups) {
    try {
      Answer answer = crm.post(SEARCH, body(groups));
      assertEquals(200, answer.status(), String.valueOf(answer.body()));
      assertNull(answer.body().get("paging"));
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String body(String groups) {
    return "{\"filterGroups\":[" + groups + "]}";
  }

  private static String group(String... filters) {
    return "{\"filters\":[" + String.join(",", filters) + "]}";
  }

  private static String eq(String property, String value) {
    return filter(property, "EQ", value);
  }

  private static String token(String property, String value) {
    return filter(property, "CONTAINS_TOKEN", value);
  }

  private static String has(String operator, String property) {
    return "{\"propertyName\":\"" + property + "\",\"operator\":\"" + operator + "\"}";
  }

  private static String filter(String property, String operator, String value) {
    return "{\"propertyName\":\""
        + property
        + "\",\"operator\":\""
        + operator
        + "\",\"value\":\""
        + value
        + "\"}";
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(",");
  }

  private static List<String> emails(Answer answer) {
    return values(answer, "email");
  }

  private static List<String> values(Answer answer, String property) {
    List<String> values = new ArrayList<>();
    answer.body().get("results").forEach(r -> values.add(r.at("/properties/" + property).asText()));
    return values;
  }
}
