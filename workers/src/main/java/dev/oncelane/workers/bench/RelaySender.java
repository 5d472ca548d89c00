package dev.oncelane.workers.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers events to the relay's generic endpoint as a well-behaved webhook sender does: a 503 or a
 * connection error is retried (after a short pause, within a deadline); any other answer is final.
 */
public final class RelaySender {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);
  private static final long RETRY_PAUSE_MS = 500;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI endpoint;
  private final AtomicLong retried = new AtomicLong();

  public RelaySender(int relayPort) {
    this.endpoint = endpoint(relayPort);
  }

  /** The relay's generic webhook endpoint on loopback. */
  public static URI endpoint(int relayPort) {
    return URI.create("http://127.0.0.1:" + relayPort + "/webhooks/generic");
  }

  /** The delivery of {@code body} under {@code key}, as the relay expects it. */
  public static HttpRequest request(URI endpoint, String key, String body) {
    return HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** The final HTTP status of the delivery; -1 if the relay never answered in time. */
  public int deliver(String key, String body) {
    HttpRequest request = request(endpoint, key, body);
    long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
    while (true) {
      int status;
      try {
        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        status = -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
      if ((status != 503 && status != -1) || System.nanoTime() > deadline) {
        return status;
      }
      retried.incrementAndGet();
      try {
        Thread.sleep(RETRY_PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return status;
      }
    }
  }

  /** Deliveries sent again after a 503 or a connection error. */
  public long retried() {
    return retried.get();
  }

  /** A {@code contact.upsert} body for {@code email} with {@code properties}. */
  public static String body(String email, Map<String, String> properties) {
    return body(email, properties, null);
  }

  /**
   * A {@code contact.upsert} body for {@code email} with {@code properties} and the event time
   * {@code occurredAt} (ISO-8601 with offset; null for none).
   */
  public static String body(String email, Map<String, String> properties, String occurredAt) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "contact.upsert");
    if (occurredAt != null) {
      body.put("occurredAt", occurredAt);
    }
    body.put("email", email);
    body.set("properties", JSON.valueToTree(properties));
    return body.toString();
  }
}
