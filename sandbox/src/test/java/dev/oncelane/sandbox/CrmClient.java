package dev.oncelane.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A small HTTP client for the sandbox in tests: real HTTP/1.1 over loopback. */
final class CrmClient {

  static final String TOKEN = SandboxOptions.DEFAULT_TOKEN;
  static final String CONTACTS = "/crm/v3/objects/contacts";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: status, headers, body parsed as JSON (null when empty). */
  record Answer(int status, HttpHeaders headers, JsonNode body) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  CrmClient(SandboxServer server) {
    this.baseUrl = server.baseUrl();
  }

  Answer get(String path) throws IOException {
    return send("GET", path, null, TOKEN);
  }

  Answer post(String path, String json) throws IOException {
    return send("POST", path, json, TOKEN);
  }

  Answer patch(String path, String json) throws IOException {
    return send("PATCH", path, json, TOKEN);
  }

  Answer create(String email) throws IOException {
    return post(CONTACTS, "{\"properties\":{\"email\":\"" + email + "\"}}");
  }

  /** Sends a request; token null sends no Authorization header. */
  Answer send(String method, String path, String json, String token) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Answer(
          response.statusCode(),
          response.headers(),
          body == null || body.isEmpty() ? null : JSON.readTree(body));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Polls the condition until it holds or the deadline passes; returns whether it held. */
  static boolean eventually(Duration deadline, BooleanSupplier condition) {
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
