package dev.oncelane.workers.alerts;

import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.workers.metrics.LaneFigures;
import dev.oncelane.workers.metrics.LaneReport;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the ledger's figures for the last window every {@code checkEvery} and sends what the
 * {@link AlertEvaluator} raises. Closing it stops the checks.
 */
public final class AlertScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AlertScheduler.class);

  private final ScheduledExecutorService timer;

  private AlertScheduler(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Starts checking; with no threshold set, checks nothing. */
  public static AlertScheduler start(
      AlertSettings settings, JdbcLedger ledger, AlertNotifier notifier, Clock clock) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "oncelane-alerts");
              t.setDaemon(true);
              return t;
            });
    if (settings.enabled()) {
      AlertEvaluator evaluator = new AlertEvaluator(settings, clock);
      long every = checkEvery(settings.window()).toMillis();
      timer.scheduleWithFixedDelay(
          () -> check(settings, ledger, evaluator, notifier, clock),
          every,
          every,
          TimeUnit.MILLISECONDS);
    }
    return new AlertScheduler(timer);
  }

  /** A fifth of the window, between one second and a minute: prompt without polling hard. */
  static Duration checkEvery(Duration window) {
    Duration fifth = window.dividedBy(5);
    if (fifth.compareTo(Duration.ofSeconds(1)) < 0) {
      return Duration.ofSeconds(1);
    }
    return fifth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : fifth;
  }

  /** One check: figures of the last window, then the alerts they raise. */
  public static void check(
      AlertSettings settings,
      JdbcLedger ledger,
      AlertEvaluator evaluator,
      AlertNotifier notifier,
      Clock clock) {
    try {
      long now = clock.millis();
      LaneReport figures = LaneFigures.fromLedger(ledger, now - settings.window().toMillis(), now);
      evaluator
          .evaluate(
              figures.crmWrites(), figures.conflicts(), figures.openReviews(), figures.laneErrors())
          .forEach(notifier::send);
    } catch (RuntimeException e) {
      // A failing check must not end the schedule; the next one tries again.
      log.warn("alert check failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
