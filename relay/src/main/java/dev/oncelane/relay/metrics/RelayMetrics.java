package dev.oncelane.relay.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The relay's meters, exposed in Prometheus text format:
 *
 * <ul>
 *   <li>{@code oncelane_relay_requests_total{source,status,outcome}}: every webhook answer; outcome
 *       is {@code accepted}, {@code duplicate} or the rejection reason
 *   <li>{@code oncelane_relay_duplicates_total{source}}: deliveries collapsed onto an existing run
 *   <li>{@code oncelane_relay_payload_mismatches_total{source}}: known key, different payload
 *   <li>{@code oncelane_relay_ignored_total{source}}: deliveries acknowledged (200) but not synced,
 *       e.g. an event type the source does not sync
 *   <li>{@code oncelane_relay_ack_seconds{source,status}}: time from request to answer (histogram)
 *   <li>{@code oncelane_relay_shed_total{source}}: deliveries answered {@code 503
 *       relay_overloaded}, nothing started (the relay was at its start capacity)
 *   <li>{@code oncelane_relay_starts_in_flight}, {@code oncelane_relay_starts_waiting}: workflow
 *       starts running now, and admitted ones waiting for a slot
 *   <li>{@code oncelane_relay_deliveries_pending}: deliveries waiting for their start's answer
 *       (several deliveries of one event share one start)
 * </ul>
 */
public final class RelayMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Records one answered webhook delivery. */
  public void answered(String source, int status, String outcome, Duration elapsed) {
    Counter.builder("oncelane.relay.requests")
        .description("Webhook deliveries answered, by source, HTTP status and outcome")
        .tags("source", source, "status", Integer.toString(status), "outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("oncelane.relay.ack")
        .description("Time from receiving a delivery to answering it")
        .tags("source", source, "status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(registry)
        .record(elapsed);
  }

  /** Records a delivery that matched an existing run with the same payload. */
  public void duplicate(String source) {
    duplicates(source).increment();
  }

  /** Records a delivery whose key is known but whose payload differs. */
  public void payloadMismatch(String source) {
    payloadMismatches(source).increment();
  }

  /** Records a delivery acknowledged but not synced. */
  public void ignored(String source) {
    ignoredDeliveries(source).increment();
  }

  /** Records a delivery shed because the relay was at its start capacity. */
  public void shed(String source) {
    shedDeliveries(source).increment();
  }

  /** Exposes the start admission's occupancy, read at each scrape. */
  public void startGauges(IntSupplier inFlight, IntSupplier waiting, IntSupplier deliveries) {
    Gauge.builder("oncelane.relay.deliveries.pending", deliveries::getAsInt)
        .description("Deliveries waiting for their start's answer")
        .register(registry);
    Gauge.builder("oncelane.relay.starts.in.flight", inFlight::getAsInt)
        .description("Workflow starts running now")
        .register(registry);
    Gauge.builder("oncelane.relay.starts.waiting", waiting::getAsInt)
        .description("Workflow starts admitted and waiting for a slot")
        .register(registry);
  }

  /** Pre-registers the per-source counters so a scrape shows them at zero before any traffic. */
  public void registerSource(String source) {
    duplicates(source);
    payloadMismatches(source);
    ignoredDeliveries(source);
    shedDeliveries(source);
  }

  private Counter shedDeliveries(String source) {
    return Counter.builder("oncelane.relay.shed")
        .description("Deliveries answered 503 relay_overloaded; nothing was started")
        .tag("source", source)
        .register(registry);
  }

  private Counter ignoredDeliveries(String source) {
    return Counter.builder("oncelane.relay.ignored")
        .description("Deliveries acknowledged but not synced (event type not synced, no email)")
        .tag("source", source)
        .register(registry);
  }

  private Counter duplicates(String source) {
    return Counter.builder("oncelane.relay.duplicates")
        .description("Deliveries answered as duplicates of an existing run")
        .tag("source", source)
        .register(registry);
  }

  private Counter payloadMismatches(String source) {
    return Counter.builder("oncelane.relay.payload.mismatches")
        .description("Deliveries refused because their key is known with another payload")
        .tag("source", source)
        .register(registry);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** The registry, for callers that add their own meters (e.g. Temporal client metrics). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
