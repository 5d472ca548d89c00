package dev.oncelane.workers.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which alerts to raise from the figures of the last window. Pure but for its memory of
 * when each kind last fired: a kind fires again only once a whole window has passed, so a figure
 * that stays high gives one alert per window, not one per check.
 */
public final class AlertEvaluator {

  private final AlertSettings settings;
  private final Clock clock;
  private final Map<Alert.Kind, Instant> lastFired = new EnumMap<>(Alert.Kind.class);

  public AlertEvaluator(AlertSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param crmWrites CRM writes over the window
   * @param conflicts 409s over the window
   * @param openReviews events in manual review now
   * @return the alerts to raise now, possibly none
   */
  public List<Alert> evaluate(long crmWrites, int conflicts, int openReviews) {
    return evaluate(crmWrites, conflicts, openReviews, 0);
  }

  /**
   * As {@link #evaluate(long, int, int)}, with {@code laneErrors}: events failed by an error the
   * lane does not handle over the window.
   */
  public synchronized List<Alert> evaluate(
      long crmWrites, int conflicts, int openReviews, int laneErrors) {
    Instant now = clock.instant();
    List<Alert> alerts = new ArrayList<>();
    Double maxRate = settings.conflictRatePerThousand();
    if (maxRate != null && crmWrites > 0) {
      double rate = conflicts * 1000.0 / crmWrites;
      if (rate >= maxRate) {
        fire(Alert.Kind.CONFLICT_RATE, rate, maxRate, now).ifPresent(alerts::add);
      }
    }
    Integer maxOpen = settings.openReviews();
    if (maxOpen != null && openReviews >= maxOpen) {
      fire(Alert.Kind.OPEN_REVIEWS, openReviews, maxOpen, now).ifPresent(alerts::add);
    }
    Integer maxErrors = settings.laneErrors();
    if (maxErrors != null && laneErrors >= maxErrors) {
      fire(Alert.Kind.LANE_ERRORS, laneErrors, maxErrors, now).ifPresent(alerts::add);
    }
    return alerts;
  }

  private java.util.Optional<Alert> fire(
      Alert.Kind kind, double value, double threshold, Instant now) {
    Instant last = lastFired.get(kind);
    if (last != null && now.isBefore(last.plus(settings.window()))) {
      return java.util.Optional.empty();
    }
    lastFired.put(kind, now);
    return java.util.Optional.of(new Alert(kind, value, threshold, settings.window(), now));
  }
}
