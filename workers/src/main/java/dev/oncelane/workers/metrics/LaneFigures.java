package dev.oncelane.workers.metrics;

import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.review.ReviewReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computes a {@link LaneReport} from ledger rows and trails. The arithmetic is here, in plain Java,
 * rather than in SQL, so it reads the same on SQLite and PostgreSQL and is testable without either.
 */
public final class LaneFigures {

  private LaneFigures() {}

  /** The report for events first seen at or after {@code sinceMillis}, as of {@code nowMillis}. */
  public static LaneReport fromLedger(JdbcLedger ledger, long sinceMillis, long nowMillis) {
    return compute(
        ledger.createdSince(sinceMillis),
        ledger.trailsCreatedSince(sinceMillis),
        ledger.openReviews(),
        sinceMillis,
        nowMillis);
  }

  /**
   * @param rows the events of the window
   * @param steps their trails (steps of other events are ignored)
   * @param openReviews every event now in review, longest waiting first
   */
  public static LaneReport compute(
      List<LedgerRow> rows,
      List<Transition> steps,
      List<LedgerRow> openReviews,
      long sinceMillis,
      long nowMillis) {
    Map<String, List<Transition>> trails =
        steps.stream().collect(Collectors.groupingBy(Transition::processingId));
    long writes = 0;
    int conflicts = 0;
    int resolvedByLane = 0;
    int lateRedeliveries = 0;
    int laneErrors = 0;
    int keyReused = 0;
    List<Long> latencies = new ArrayList<>();
    for (LedgerRow row : rows) {
      writes += row.attempts();
      List<Transition> trail = trails.getOrDefault(row.processingId(), List.of());
      if (trail.stream().anyMatch(LaneFigures::showsA409)) {
        conflicts++;
        if (trail.stream().anyMatch(LaneFigures::laneResolved409)) {
          resolvedByLane++;
        }
      }
      lateRedeliveries +=
          (int) trail.stream().filter(t -> t.to() == SyncStatus.SKIPPED_DUPLICATE).count();
      laneErrors += (int) trail.stream().filter(LaneFigures::isLaneError).count();
      keyReused += (int) trail.stream().filter(LaneFigures::isKeyReused).count();
      if (row.status().isSettled()) {
        trail.stream()
            .filter(t -> t.to().isSettled())
            .findFirst()
            .ifPresent(t -> latencies.add(Math.max(0, t.atMillis() - row.createdAtMillis())));
      }
    }
    Collections.sort(latencies);
    Long oldestAge =
        openReviews.isEmpty()
            ? null
            : Math.max(0, nowMillis - openReviews.get(0).updatedAtMillis());
    return new LaneReport(
        sinceMillis,
        nowMillis,
        rows.size(),
        writes,
        conflicts,
        writes == 0 ? null : conflicts * 1000.0 / writes,
        resolvedByLane,
        conflicts == 0 ? null : (double) resolvedByLane / conflicts,
        openReviews.size(),
        oldestAge,
        lateRedeliveries,
        laneErrors,
        keyReused,
        latencies.size(),
        percentile(latencies, 0.50),
        percentile(latencies, 0.95),
        countBy(rows, r -> r.status().code()),
        countBy(rows.stream().filter(r -> r.reason() != null).toList(), LedgerRow::reason));
  }

  /** A 409 leaves one of two marks: a settle as {@code resolved_after_409}, or such a review. */
  static boolean showsA409(Transition step) {
    return step.to() == SyncStatus.RESOLVED_AFTER_409
        || (step.to() == SyncStatus.MANUAL_REVIEW
            && ReviewReason.UNRESOLVED_CONFLICT.code().equals(step.reason()));
  }

  /** A step into {@code failed} for an error the lane does not handle. */
  static boolean isLaneError(Transition step) {
    return step.to() == SyncStatus.FAILED && ReviewReason.LANE_ERROR.code().equals(step.reason());
  }

  /** A step into review because a redelivery's payload differs from the settled one. */
  static boolean isKeyReused(Transition step) {
    return step.to() == SyncStatus.MANUAL_REVIEW
        && ReviewReason.KEY_REUSED.code().equals(step.reason());
  }

  private static boolean laneResolved409(Transition step) {
    return step.to() == SyncStatus.RESOLVED_AFTER_409 && Transition.LANE_ACTOR.equals(step.actor());
  }

  /** Nearest-rank percentile of sorted values; null for none. */
  static Long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static Map<String, Integer> countBy(
      List<LedgerRow> rows, Function<LedgerRow, String> key) {
    Map<String, Integer> counts = new TreeMap<>();
    rows.forEach(r -> counts.merge(key.apply(r), 1, Integer::sum));
    return counts;
  }
}
