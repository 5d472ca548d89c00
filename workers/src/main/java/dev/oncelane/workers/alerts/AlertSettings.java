package dev.oncelane.workers.alerts;

import dev.oncelane.workers.config.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * When to alert, from the environment. A threshold left unset turns its alert off.
 *
 * @param conflictRatePerThousand {@code ONCELANE_ALERT_CONFLICT_RATE}: 409s per 1,000 CRM writes
 *     over the window at or above which to alert; null for never
 * @param openReviews {@code ONCELANE_ALERT_OPEN_REVIEWS}: open reviews at or above which to alert;
 *     null for never
 * @param laneErrors {@code ONCELANE_ALERT_LANE_ERRORS}: events failed by a lane error over the
 *     window at or above which to alert; null for never
 * @param window {@code ONCELANE_ALERT_WINDOW} (default 5m): the span the rate is measured over, and
 *     the least time between two alerts of one kind
 * @param webhook {@code ONCELANE_ALERT_WEBHOOK}: a Slack-compatible incoming webhook; null for log
 *     only
 */
public record AlertSettings(
    Double conflictRatePerThousand,
    Integer openReviews,
    Integer laneErrors,
    Duration window,
    URI webhook) {

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

  /** Settings without a lane-error threshold. */
  public AlertSettings(
      Double conflictRatePerThousand, Integer openReviews, Duration window, URI webhook) {
    this(conflictRatePerThousand, openReviews, null, window, webhook);
  }

  public AlertSettings {
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("ONCELANE_ALERT_WINDOW must be a positive duration");
    }
    if (conflictRatePerThousand != null && conflictRatePerThousand < 0) {
      throw new IllegalArgumentException("ONCELANE_ALERT_CONFLICT_RATE must not be negative");
    }
    if (openReviews != null && openReviews < 1) {
      throw new IllegalArgumentException("ONCELANE_ALERT_OPEN_REVIEWS must be at least 1");
    }
    if (laneErrors != null && laneErrors < 1) {
      throw new IllegalArgumentException("ONCELANE_ALERT_LANE_ERRORS must be at least 1");
    }
  }

  /** Reads the {@code ONCELANE_ALERT_*} variables; throws naming the one that is wrong. */
  public static AlertSettings fromEnv(Map<String, String> env) {
    String window = blankToNull(env.get("ONCELANE_ALERT_WINDOW"));
    String webhook = blankToNull(env.get("ONCELANE_ALERT_WEBHOOK"));
    return new AlertSettings(
        parse(env, "ONCELANE_ALERT_CONFLICT_RATE", Double::valueOf),
        parse(env, "ONCELANE_ALERT_OPEN_REVIEWS", Integer::valueOf),
        parse(env, "ONCELANE_ALERT_LANE_ERRORS", Integer::valueOf),
        window == null ? DEFAULT_WINDOW : Durations.parse(window, "ONCELANE_ALERT_WINDOW"),
        webhook == null ? null : webhook(webhook));
  }

  /** True when at least one threshold is set. */
  public boolean enabled() {
    return conflictRatePerThousand != null || openReviews != null || laneErrors != null;
  }

  private static <T> T parse(
      Map<String, String> env, String name, java.util.function.Function<String, T> parser) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return null;
    }
    try {
      return parser.apply(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not a number");
    }
  }

  private static URI webhook(String value) {
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
        throw new IllegalArgumentException("not http(s)");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "ONCELANE_ALERT_WEBHOOK: '" + value + "' is not an http(s) URL");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
