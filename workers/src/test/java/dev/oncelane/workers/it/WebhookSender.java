package dev.oncelane.workers.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A webhook sender as the relay sees one: generic events keyed by {@code Idempotency-Key}. */
final class WebhookSender {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI relay;

  WebhookSender(String relayUrl) {
    this.relay = URI.create(relayUrl + "/webhooks/generic");
  }

  /** The relay's answer to one delivery. */
  record Answer(int status, JsonNode body) {

    String outcome() {
      return body.path("status").asText();
    }

    String runId() {
      return body.path("runId").asText();
    }

    boolean accepted() {
      return status == 202 && outcome().equals("accepted");
    }

    boolean duplicate() {
      return status == 200 && outcome().equals("duplicate");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** A contact event for {@code email}, with the given properties. */
  static String event(String email, Map<String, String> properties) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "contact.upsert");
    body.put("occurredAt", "2026-11-22T10:00:00Z");
    body.put("email", email);
    body.set("properties", JSON.valueToTree(properties));
    return body.toString();
  }

  /** Delivers {@code body} once under {@code key}. */
  Answer deliver(String key, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(relay)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException("delivery of " + key + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted delivering " + key, e);
    }
  }
}
