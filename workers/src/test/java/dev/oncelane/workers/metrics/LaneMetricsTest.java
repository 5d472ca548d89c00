package dev.oncelane.workers.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.review.ReviewReason;
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

  @Test
  void aLaneErrorAndAReusedKeyAreCountedBesideTheirOutcomes() {
    LaneMetrics metrics = new LaneMetrics(() -> 0);

    metrics.stepRecorded(
        step("generic:a", SyncStatus.PROCESSING, SyncStatus.FAILED, ReviewReason.LANE_ERROR), 0);
    metrics.stepRecorded(
        step("typeform:b", SyncStatus.COMPLETED, SyncStatus.MANUAL_REVIEW, ReviewReason.KEY_REUSED),
        0);
    metrics.stepRecorded(
        step("generic:c", SyncStatus.MANUAL_REVIEW, SyncStatus.FAILED, ReviewReason.REVIEW_EXPIRED),
        0);

    String scrape = metrics.scrape();
    assertTrue(scrape.contains("oncelane_lane_errors_total{source=\"generic\"} 1.0"), scrape);
    assertTrue(scrape.contains("oncelane_key_reused_total{source=\"typeform\"} 1.0"), scrape);
    assertTrue(
        scrape.contains("oncelane_event_outcomes_total{outcome=\"failed\",source=\"generic\"} 2.0"),
        scrape);
    assertFalse(scrape.contains("oncelane_lane_errors_total{source=\"typeform\"}"), scrape);
  }

  private static Transition step(String id, SyncStatus from, SyncStatus to, ReviewReason reason) {
    return new Transition(
        id, 3, from, to, 1, Transition.LANE_ACTOR, reason.code(), null, "x", null, 0);
  }
}
