package dev.oncelane.workers.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an alert: one structured log line ({@code ALERT {...json...}}) always, and a
 * Slack-compatible {@code {"text": "..."}} POST to the webhook when one is configured. A webhook
 * that fails is logged; it never stops the worker.
 */
public final class AlertNotifier {

  private static final Logger log = LoggerFactory.getLogger(AlertNotifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI webhook;
  private final HttpClient http;

  /** A notifier posting to {@code webhook}, or only logging when it is null. */
  public AlertNotifier(URI webhook) {
    this.webhook = webhook;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public void send(Alert alert) {
    log.warn("ALERT {}", structured(alert));
    if (webhook == null) {
      return;
    }
    ObjectNode message = JSON.createObjectNode().put("text", alert.text());
    HttpRequest request =
        HttpRequest.newBuilder(webhook)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(message.toString()))
            .build();
    try {
      HttpResponse<Void> answer = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (answer.statusCode() / 100 != 2) {
        log.warn("alert webhook answered {} for {}", answer.statusCode(), alert.kind().code());
      }
    } catch (IOException e) {
      log.warn("alert webhook failed for {}: {}", alert.kind().code(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The alert as one line of JSON, for log search. */
  static String structured(Alert alert) {
    return JSON.createObjectNode()
        .put("alert", alert.kind().code())
        .put("value", alert.value())
        .put("threshold", alert.threshold())
        .put("window", alert.window().toString())
        .put("at", alert.at().toString())
        .put("text", alert.text())
        .toString();
  }
}
