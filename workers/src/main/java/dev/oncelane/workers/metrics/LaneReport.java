package dev.oncelane.workers.metrics;

import java.util.Map;

/**
 * The figures the lane exists to improve, for the events the ledger first saw in a window. Times
 * are epoch millis and durations millis, so the record prints as plain JSON.
 *
 * @param sinceMillis start of the window (inclusive)
 * @param untilMillis when the figures were taken
 * @param events events first seen in the window
 * @param crmWrites CRM creates and updates issued for them
 * @param conflicts events that met a 409 (settled {@code resolved_after_409}, or reviewed as {@code
 *     unresolved_conflict})
 * @param conflictsPerThousandWrites {@code conflicts * 1000 / crmWrites}; null without writes
 * @param conflictsResolvedByLane conflicts the lane settled by itself as {@code resolved_after_409}
 * @param resolvedAfter409Rate {@code conflictsResolvedByLane / conflicts}; null without conflicts
 * @param openReviews events waiting in {@code manual_review} now (whenever they arrived)
 * @param oldestOpenReviewAgeMillis how long the longest-waiting of them has waited; null if none
 * @param lateRedeliveries redeliveries the ledger caught after Temporal forgot the id ({@code
 *     skipped_duplicate} steps)
 * @param laneErrors failures the lane does not handle ({@code failed} steps with reason {@code
 *     lane_error}); an event failed, rerun and failed again counts twice
 * @param keyReused late redeliveries with another payload than the settled one ({@code key_reused}
 *     reviews)
 * @param settledEvents events with a terminal status, the latency sample
 * @param latencyP50Millis median time from first receipt to the settling step; null if none
 * @param latencyP95Millis 95th percentile of the same; null if none
 * @param byStatus events per current status
 * @param byReason events per review reason, for those that carry one
 */
public record LaneReport(
    long sinceMillis,
    long untilMillis,
    int events,
    long crmWrites,
    int conflicts,
    Double conflictsPerThousandWrites,
    int conflictsResolvedByLane,
    Double resolvedAfter409Rate,
    int openReviews,
    Long oldestOpenReviewAgeMillis,
    int lateRedeliveries,
    int laneErrors,
    int keyReused,
    int settledEvents,
    Long latencyP50Millis,
    Long latencyP95Millis,
    Map<String, Integer> byStatus,
    Map<String, Integer> byReason) {}
