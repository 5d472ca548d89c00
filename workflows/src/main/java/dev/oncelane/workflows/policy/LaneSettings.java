package dev.oncelane.workflows.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-deployment knobs of the contact-sync workflow. The worker passes them to the workflow
 * implementation; they are not part of an event.
 *
 * @param reviewTimeout how long a manual review waits for a decision before ending {@code failed}
 * @param conflictRelookups how many times a 409 that names no id is followed by a fresh lookup
 * @param relookupBackoff the wait before the first such lookup; doubled for each next one
 * @param goneRelookups how many fresh lookups follow a 404 on update
 * @param ordering how events for one contact are ordered; null (settings recorded before this
 *     existed) reads as {@link LaneOrdering#NEWEST_WINS}
 */
public record LaneSettings(
    Duration reviewTimeout,
    int conflictRelookups,
    Duration relookupBackoff,
    int goneRelookups,
    LaneOrdering ordering) {

  public static final Duration DEFAULT_REVIEW_TIMEOUT = Duration.ofDays(14);

  public LaneSettings {
    Objects.requireNonNull(reviewTimeout, "reviewTimeout");
    Objects.requireNonNull(relookupBackoff, "relookupBackoff");
    if (reviewTimeout.isNegative() || reviewTimeout.isZero()) {
      throw new IllegalArgumentException("reviewTimeout must be positive");
    }
    if (conflictRelookups < 0 || goneRelookups < 0) {
      throw new IllegalArgumentException("relookup counts must not be negative");
    }
    ordering = ordering == null ? LaneOrdering.NEWEST_WINS : ordering;
  }

  /** Settings with newest wins ({@link LaneOrdering#NEWEST_WINS}). */
  public LaneSettings(
      Duration reviewTimeout, int conflictRelookups, Duration relookupBackoff, int goneRelookups) {
    this(
        reviewTimeout, conflictRelookups, relookupBackoff, goneRelookups, LaneOrdering.NEWEST_WINS);
  }

  public static LaneSettings defaults() {
    return new LaneSettings(DEFAULT_REVIEW_TIMEOUT, 3, Duration.ofSeconds(2), 1);
  }

  public LaneSettings withReviewTimeout(Duration timeout) {
    return new LaneSettings(timeout, conflictRelookups, relookupBackoff, goneRelookups, ordering);
  }

  public LaneSettings withOrdering(LaneOrdering ordering) {
    return new LaneSettings(
        reviewTimeout, conflictRelookups, relookupBackoff, goneRelookups, ordering);
  }
}
