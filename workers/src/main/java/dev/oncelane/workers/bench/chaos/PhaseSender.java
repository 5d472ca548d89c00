package dev.oncelane.workers.bench.chaos;

import dev.oncelane.workers.bench.chaos.ChaosPlan.PlannedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Delivers one phase of the stream from a pool of senders, so neighbouring deliveries (the three
 * copies of a burst) arrive at the same moment, and answers what became of each, in order. A
 * delivery with a delay waits that long in its sender first.
 */
final class PhaseSender {

  /** Deliveries in flight at once. */
  static final int SENDERS = 16;

  private PhaseSender() {}

  static <T> List<T> send(List<PlannedEvent> deliveries, Function<PlannedEvent, T> deliver)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    try {
      List<Future<T>> inFlight = new ArrayList<>();
      for (PlannedEvent delivery : deliveries) {
        inFlight.add(
            pool.submit(
                () -> {
                  Thread.sleep(delivery.delayMs());
                  return deliver.apply(delivery);
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> result : inFlight) {
        try {
          results.add(result.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("a sender failed", e.getCause());
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
