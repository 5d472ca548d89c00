package dev.oncelane.workers.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LaneMetricsTest {

  @Test
  void droppedPropertiesAreCountedByNameAndBoundedInCardinality() {
    LaneMetrics metrics =
        new LaneMetrics(new CachedCount(() -> 0, Duration.ofSeconds(1), Clock.systemUTC()));

    metrics.propertyDropped("readable_ref_short_text");
    metrics.propertyDropped("readable_ref_short_text");
    for (int i = 0; i < LaneMetrics.MAX_DROPPED_LABELS + 5; i++) {
      metrics.propertyDropped("generated_" + i);
    }

    String scrape = metrics.scrape();
    assertTrue(
        scrape.contains(
            "oncelane_dropped_properties_total{property=\"readable_ref_short_text\"} 2.0"),
        scrape);
    assertTrue(
        scrape.contains("oncelane_dropped_properties_total{property=\"other\"} 6.0"), scrape);
  }
}
