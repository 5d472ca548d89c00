package dev.oncelane.workers.demo;

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

/** The relay and sandbox of a running dev stack, as a webhook sender and an auditor see them. */
final class LaneEndpoints {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String relayUrl;
  private final String sandboxUrl;

  LaneEndpoints(String relayUrl, String sandboxUrl) {
    this.relayUrl = strip(relayUrl);
    this.sandboxUrl = strip(sandboxUrl);
  }

  /** One delivery of a generic event; answers the relay's status code and JSON body. */
  Delivery deliver(String key, String email, Map<String, String> properties) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "contact.upsert");
    body.put("email", email);
    body.set("properties", JSON.valueToTree(properties));
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(URI.create(relayUrl + "/webhooks/generic"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    return new Delivery(answer.statusCode(), JSON.readTree(answer.body()));
  }

  /** How many contacts the sandbox holds with this email. */
  long contactsWithEmail(String email) throws IOException {
    JsonNode contacts = getJson(sandboxUrl + "/__sandbox/contacts").path("results");
    long n = 0;
    for (JsonNode c : contacts) {
      if (email.equalsIgnoreCase(c.path("properties").path("email").asText())) {
        n++;
      }
    }
    return n;
  }

  /** Makes the next {@code count} successful CRM writes lose their answers. */
  void dropNextWrites(int count) throws IOException {
    postJson(sandboxUrl + "/__sandbox/faults/drop-next-writes", "{\"count\":" + count + "}");
  }

  /** Plants a contact whose email conflicts on create but that no read can see. */
  void hideContact(String email) throws IOException {
    postJson(sandboxUrl + "/__sandbox/hidden-contacts", "{\"email\":\"" + email + "\"}");
  }

  private JsonNode getJson(String url) throws IOException {
    HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url)).GET());
    if (answer.statusCode() != 200) {
      throw new IOException(url + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return JSON.readTree(answer.body());
  }

  private void postJson(String url, String json) throws IOException {
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    if (answer.statusCode() >= 300) {
      throw new IOException(url + " answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The relay's answer to one delivery. */
  record Delivery(int status, JsonNode body) {
    boolean accepted() {
      return status == 202 && "accepted".equals(body.path("status").asText());
    }

    boolean duplicate() {
      return status == 200 && "duplicate".equals(body.path("status").asText());
    }
  }
}
