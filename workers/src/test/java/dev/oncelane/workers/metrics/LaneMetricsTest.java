package dev.oncelane.workers.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.review.ReviewReason;
import org.junit.jupiter.api.Test;

class LaneMetricsTest {

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
