package dev.oncelane.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A small HTTP client for the relay under test. */
final class Http {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final int port;

  Http(int port) {
    this.port = port;
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  HttpResponse<String> post(String path, String contentType, byte[] body, Map<String, String> h) {
    return send(request(path, contentType, HttpRequest.BodyPublishers.ofByteArray(body), h));
  }

  /** Posts without a Content-Length (chunked), so only the capped read can catch a large body. */
  HttpResponse<String> postChunked(String path, byte[] body, Map<String, String> headers) {
    return send(
        request(
            path,
            "application/json",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
            headers));
  }

  CompletableFuture<HttpResponse<String>> postAsync(
      String path, byte[] body, Map<String, String> headers) {
    return client.sendAsync(
        request(path, "application/json", HttpRequest.BodyPublishers.ofByteArray(body), headers),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpRequest request(
      String path,
      String contentType,
      HttpRequest.BodyPublisher body,
      Map<String, String> headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).POST(body);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    headers.forEach(builder::header);
    return builder.build();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
