package dev.oncelane.workers.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.oncelane.activities.hubspot.CrmCallListener;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The worker's meters, in Prometheus text format:
 *
 * <ul>
 *   <li>{@code oncelane_event_outcomes_total{source,outcome}}: steps into an outcome status ({@code
 *       completed}, {@code resolved_after_409}, {@code manual_review}, {@code discarded}, {@code
 *       failed}); an event reviewed and then settled counts in both
 *   <li>{@code oncelane_conflicts_total{source,resolution}}: 409s met while processing, by how the
 *       lane handled them ({@code resolved_after_409} or {@code manual_review})
 *   <li>{@code oncelane_late_redeliveries_total{source}}: redeliveries the ledger caught after
 *       Temporal forgot the id (the relay counts the ones Temporal collapsed)
 *   <li>{@code oncelane_lane_errors_total{source}}: events the lane failed with an error it does
 *       not handle ({@code failed}, reason {@code lane_error}); each can run again
 *   <li>{@code oncelane_key_reused_total{source}}: late redeliveries whose payload differs from the
 *       one the ledger settled under the key (sent to review as {@code key_reused})
 *   <li>{@code oncelane_stale_properties_total{source}}: properties an event did not write because
 *       a newer event's value was already written (newest wins), counted at each freshness check
 *   <li>{@code oncelane_event_to_terminal_seconds{source}}: first receipt to settling step
 *       (histogram)
 *   <li>{@code oncelane_crm_requests_total{operation,status}} and {@code
 *       oncelane_crm_request_seconds{operation}}: every HTTP call to the CRM ({@code status} -1
 *       when no answer came)
 *   <li>{@code oncelane_reviews_open}: events waiting in manual review, read from the ledger
 *   <li>{@code oncelane_dropped_properties_total{property}}: event properties left out of a CRM
 *       write because the CRM has no such property or cannot write it; after {@value
 *       #MAX_DROPPED_LABELS} distinct names, further ones count under {@code property="other"}
 *   <li>{@code temporal_*}: the Temporal SDK's worker and client metrics, via {@link
 *       #temporalScope}
 * </ul>
 */
public final class LaneMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Registers the open-review gauge on {@code openReviews} (which should cache: it is scraped). */
  public LaneMetrics(IntSupplier openReviews) {
    Gauge.builder("oncelane.reviews.open", openReviews, IntSupplier::getAsInt)
        .description("Events waiting in manual review")
        .register(registry);
  }

  /** A Temporal metrics scope reporting into this registry, for the service stubs. */
  public Scope temporalScope() {
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(10));
  }

  /** Counts CRM calls; hand it to the {@code HubSpotClient}. */
  public CrmCallListener crmCalls() {
    return (operation, httpStatus, nanos) -> {
      Counter.builder("oncelane.crm.requests")
          .description("HTTP calls to the CRM, by operation and answer status")
          .tags("operation", operation, "status", Integer.toString(httpStatus))
          .register(registry)
          .increment();
      Timer.builder("oncelane.crm.request")
          .description("Duration of HTTP calls to the CRM")
          .tag("operation", operation)
          .register(registry)
          .record(nanos, TimeUnit.NANOSECONDS);
    };
  }

  /**
   * Observes one newly recorded ledger step.
   *
   * @param createdAtMillis when the ledger first saw the event, for the latency of settling steps
   */
  public void stepRecorded(Transition step, long createdAtMillis) {
    String source = sourceOf(step.processingId());
    SyncStatus to = step.to();
    if (to == SyncStatus.SKIPPED_DUPLICATE) {
      Counter.builder("oncelane.late.redeliveries")
          .description("Redeliveries the ledger caught after Temporal forgot the workflow id")
          .tag("source", source)
          .register(registry)
          .increment();
      return;
    }
    if (to == SyncStatus.RECEIVED || to == SyncStatus.PROCESSING || step.recordsANote()) {
      return; // a note (e.g. a refused decision) reaches no outcome
    }
    Counter.builder("oncelane.event.outcomes")
        .description("Events reaching an outcome status, by source and status")
        .tags("source", source, "outcome", to.code())
        .register(registry)
        .increment();
    if (LaneFigures.isLaneError(step)) {
      Counter.builder("oncelane.lane.errors")
          .description("Events failed by an error the lane does not handle (reason lane_error)")
          .tag("source", source)
          .register(registry)
          .increment();
    }
    if (LaneFigures.isKeyReused(step)) {
      Counter.builder("oncelane.key.reused")
          .description("Redeliveries after retention whose payload differs from the settled one")
          .tag("source", source)
          .register(registry)
          .increment();
    }
    if (step.from() == SyncStatus.PROCESSING && LaneFigures.showsA409(step)) {
      Counter.builder("oncelane.conflicts")
          .description("409 conflicts met while processing, by how the lane handled them")
          .tags("source", source, "resolution", to.code())
          .register(registry)
          .increment();
    }
    if (to.isSettled()) {
      Timer.builder("oncelane.event.to.terminal")
          .description("Time from first receipt of an event to its settling step")
          .tag("source", source)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(10))
          .maximumExpectedValue(Duration.ofDays(14))
          .register(registry)
          .record(Duration.ofMillis(Math.max(0, step.atMillis() - createdAtMillis)));
    }
  }

  /** Distinct property labels kept, so senders' generated names cannot grow the scrape for ever. */
  static final int MAX_DROPPED_LABELS = 100;

  private final java.util.Set<String> droppedLabels =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Counts a property a CRM write left out. */
  public void propertyDropped(String property) {
    String label =
        droppedLabels.contains(property) || droppedLabels.size() < MAX_DROPPED_LABELS
            ? property
            : "other";
    droppedLabels.add(label);
    Counter.builder("oncelane.dropped.properties")
        .description("Event properties left out of CRM writes: the CRM lacks them or cannot write")
        .tag("property", label)
        .register(registry)
        .increment();
  }

  /**
   * Counts {@code count} properties that a newer event holds, found stale for {@code processingId}.
   */
  public void staleProperties(String processingId, int count) {
    if (count > 0) {
      Counter.builder("oncelane.stale.properties")
          .description(
              "Properties left alone because a newer event's value was written (newest wins)")
          .tag("source", sourceOf(processingId))
          .register(registry)
          .increment(count);
    }
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The source part of a processing id {@code <source>:<key>}. */
  static String sourceOf(String processingId) {
    int colon = processingId.indexOf(':');
    return colon > 0 ? processingId.substring(0, colon) : "unknown";
  }
}
