package dev.oncelane.workers.operator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The relay's duplicate and payload-mismatch counters, read from its {@code /metrics}. The ledger
 * never sees these deliveries (Temporal collapses them before any workflow runs), so the relay is
 * the only honest source; its counters run from the relay's start, not over the report's window.
 *
 * @param available whether the relay answered
 * @param duplicateDeliveries deliveries answered as duplicates, all sources
 * @param payloadMismatches deliveries refused for a known key with another payload
 * @param note what the figures cover, or why there are none
 */
record RelayCounters(
    boolean available, Long duplicateDeliveries, Long payloadMismatches, String note) {

  static final String DUPLICATES = "oncelane_relay_duplicates_total";
  static final String MISMATCHES = "oncelane_relay_payload_mismatches_total";

  static RelayCounters notAsked() {
    return new RelayCounters(
        false,
        null,
        null,
        "not available: the relay counts these; pass --relay-url to read its /metrics");
  }

  /** Scrapes {@code relayUrl}/metrics; an unreachable relay gives an unavailable result. */
  static RelayCounters scrape(String relayUrl) {
    String base = relayUrl.endsWith("/") ? relayUrl.substring(0, relayUrl.length() - 1) : relayUrl;
    try {
      HttpResponse<String> answer =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(3))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        return unavailable(base + "/metrics answered " + answer.statusCode());
      }
      return parse(answer.body());
    } catch (IOException | IllegalArgumentException e) {
      return unavailable(base + "/metrics: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable("interrupted");
    }
  }

  /** Sums the two counters over their labels in a Prometheus text exposition. */
  static RelayCounters parse(String exposition) {
    return new RelayCounters(
        true,
        sum(exposition, DUPLICATES),
        sum(exposition, MISMATCHES),
        "since the relay started (its counters are not windowed by --since)");
  }

  private static long sum(String exposition, String metric) {
    double total = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
        String[] parts = line.trim().split("\\s+");
        // "name{labels} value" or "name{labels} value timestamp": the value follows the series.
        int valueIndex = line.contains("}") ? indexAfterLabels(parts) : 1;
        total += Double.parseDouble(parts[valueIndex]);
      }
    }
    return Math.round(total);
  }

  private static int indexAfterLabels(String[] parts) {
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].endsWith("}")) {
        return i + 1;
      }
    }
    return 1;
  }

  private static RelayCounters unavailable(String why) {
    return new RelayCounters(false, null, null, "not available: " + why);
  }
}
