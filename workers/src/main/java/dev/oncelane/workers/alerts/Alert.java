package dev.oncelane.workers.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One alert: a figure that crossed its threshold.
 *
 * @param kind what crossed
 * @param value the figure
 * @param threshold the configured threshold
 * @param window the span the figure covers
 * @param at when it was noticed
 */
public record Alert(Kind kind, double value, double threshold, Duration window, Instant at) {

  /** What an alert is about; at most one of each kind per window. */
  public enum Kind {
    CONFLICT_RATE("conflict_rate"),
    OPEN_REVIEWS("open_reviews"),
    LANE_ERRORS("lane_errors");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** One sentence for people (and the Slack message's text). */
  public String text() {
    return switch (kind) {
      case CONFLICT_RATE ->
          String.format(
              Locale.ROOT,
              "oncelane: 409 rate %.1f per 1,000 CRM writes over the last %s (threshold %.1f)",
              value,
              human(window),
              threshold);
      case OPEN_REVIEWS ->
          String.format(
              Locale.ROOT,
              "oncelane: %d events wait in manual review (threshold %d); see ./oncelane review list",
              (long) value,
              (long) threshold);
      case LANE_ERRORS ->
          String.format(
              Locale.ROOT,
              "oncelane: %d events failed with a lane error over the last %s (threshold %d);"
                  + " see ./oncelane report and ./oncelane rerun",
              (long) value,
              human(window),
              (long) threshold);
    };
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
