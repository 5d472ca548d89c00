package dev.oncelane.activities.imports;

import dev.oncelane.workflows.imports.ImportActivities;
import dev.oncelane.workflows.imports.ImportFeedRound;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Feeds an import's rows into the lane, paced by the ledger: a row starts only while fewer than
 * {@code maxInFlight} of the import's events are unsettled ({@link ImportStore#unsettledEvents},
 * then {@link ImportStore#stillUnsettled} for just those), so live webhooks never queue behind more
 * than that many import rows on the lane's task queue.
 *
 * <p>Nothing is kept in fields between calls: where a call stands is its heartbeat details ({@link
 * ImportFeedRound}), sent after every row and while waiting for room, and a retry (a dead worker, a
 * Temporal or ledger outage) starts from them. A row started after the last heartbeat that reached
 * the server is started again after a crash and answered as a duplicate by the {@link RowStarter}.
 */
public final class ImportActivitiesImpl implements ImportActivities {

  /** How long one call feeds before it returns to the workflow. */
  public static final Duration ROUND = Duration.ofMinutes(1);

  /** How often a call waiting for room reads the ledger again. */
  public static final Duration POLL = Duration.ofSeconds(1);

  private final ImportStore store;
  private final RowStarter starter;
  private final int defaultMaxInFlight;
  private final Duration round;
  private final Duration poll;
  private final Clock clock;

  /**
   * @param defaultMaxInFlight the bound for a request that names none ({@code
   *     ONCELANE_IMPORT_MAX_IN_FLIGHT}), at least 1
   */
  public ImportActivitiesImpl(ImportStore store, RowStarter starter, int defaultMaxInFlight) {
    this(store, starter, defaultMaxInFlight, ROUND, POLL, Clock.systemUTC());
  }

  /** As above, with the round length and poll interval chosen (tests shorten them). */
  public ImportActivitiesImpl(
      ImportStore store,
      RowStarter starter,
      int defaultMaxInFlight,
      Duration round,
      Duration poll,
      Clock clock) {
    if (defaultMaxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + defaultMaxInFlight);
    }
    this.store = Objects.requireNonNull(store, "store");
    this.starter = Objects.requireNonNull(starter, "starter");
    this.defaultMaxInFlight = defaultMaxInFlight;
    this.round = Objects.requireNonNull(round, "round");
    this.poll = Objects.requireNonNull(poll, "poll");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public ImportFeedRound feed(String importId, int afterLine, int maxInFlight) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ImportFeedRound fed =
        context
            .getHeartbeatDetails(ImportFeedRound.class)
            .filter(resumed -> resumed.lastLine() >= afterLine)
            .orElse(ImportFeedRound.from(afterLine));
    if (store.find(importId).isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the ledger has no import " + importId, UNKNOWN_IMPORT);
    }
    int bound = maxInFlight > 0 ? maxInFlight : defaultMaxInFlight;
    // The events this call waits on: read once over the import's rows, then followed by id.
    Set<String> unsettled = new HashSet<>(store.unsettledEvents(importId, fed.lastLine()));
    long until = clock.millis() + round.toMillis();
    while (clock.millis() < until) {
      unsettled.retainAll(store.stillUnsettled(unsettled));
      int room = bound - unsettled.size();
      List<ImportRow> next = store.validRows(importId, fed.lastLine(), Math.max(room, 1));
      if (next.isEmpty()) {
        return fed.finished();
      }
      if (room <= 0) {
        context.heartbeat(fed);
        pause();
        continue;
      }
      for (ImportRow row : next) {
        fed = fed.fed(row.line(), starter.start(row.event()));
        unsettled.add(row.processingId());
        context.heartbeat(fed);
      }
    }
    return fed;
  }

  private void pause() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }
}
