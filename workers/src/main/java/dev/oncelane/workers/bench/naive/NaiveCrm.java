package dev.oncelane.workers.bench.naive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The three HubSpot calls a naive lane makes, with a plain HTTP client and no error handling beyond
 * reporting what came back: an I/O error or timeout is status -1.
 */
final class NaiveCrm {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTACTS = "/crm/v3/objects/contacts";

  /** A CRM answer: the status (-1 for no answer) and the body, if any. */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** Worth another try in a lane that retries blindly: no answer, 429 or 5xx. */
    boolean transientFailure() {
      return status == -1 || status == 429 || status >= 500;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;
  private final String token;

  NaiveCrm(String baseUrl, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  Answer create(Map<String, String> properties) {
    return send("POST", CONTACTS, withProperties(properties));
  }

  Answer update(String id, Map<String, String> properties) {
    return send("PATCH", CONTACTS + "/" + id, withProperties(properties));
  }

  /** Search by email; the answer's body holds {@code results}. */
  Answer searchByEmail(String email) {
    ObjectNode filter = JSON.createObjectNode();
    filter.put("propertyName", "email");
    filter.put("operator", "EQ");
    filter.put("value", email);
    ObjectNode request = JSON.createObjectNode();
    request.putArray("filterGroups").addObject().putArray("filters").add(filter);
    return send("POST", CONTACTS + "/search", request.toString());
  }

  private static String withProperties(Map<String, String> properties) {
    ObjectNode body = JSON.createObjectNode();
    body.set("properties", JSON.valueToTree(properties));
    return body.toString();
  }

  private Answer send(String method, String path, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      return new Answer(
          response.statusCode(), text == null || text.isBlank() ? null : JSON.readTree(text));
    } catch (IOException e) {
      return new Answer(-1, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, null);
    }
  }
}
