package dev.oncelane.workers.bench.imports;

import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workers.bench.RelaySender;
import dev.oncelane.workers.bench.imports.ImportBenchReport.SettleLatency;
import dev.oncelane.workers.bench.load.Stats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trickle of live webhooks, one new contact every {@link #PERIOD}, to measure how long a live
 * event takes to settle (from its send to its settling ledger write) with the lane otherwise idle
 * and while an import runs: the fairness evidence of issue #13.
 */
final class Trickle implements AutoCloseable {

  /** One live webhook this often: a small share of the lane's few events per second. */
  static final Duration PERIOD = Duration.ofSeconds(3);

  private final RelaySender sender;
  private final String prefix;
  private final String domain;
  private final Map<String, Long> sentAtMillis = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger next = new AtomicInteger();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  /**
   * @param prefix every key's prefix, e.g. {@code live-alone-}
   * @param domain the contacts' email domain, e.g. {@code live.example}
   */
  Trickle(RelaySender sender, String prefix, String domain) {
    this.sender = sender;
    this.prefix = prefix;
    this.domain = domain;
  }

  /** Starts sending, the first at once; {@code limit} sends at most (0: until {@link #stop}). */
  Trickle start(int limit) {
    timer.scheduleAtFixedRate(
        () -> {
          int i = next.getAndIncrement();
          if (limit > 0 && i >= limit) {
            return;
          }
          String key = prefix + i;
          long sent = System.currentTimeMillis();
          int status =
              sender.deliver(
                  key,
                  RelaySender.body(
                      prefix + i + "@" + domain, Map.of("firstname", "Live", "lastname", "L" + i)));
          if (status == 202) {
            sentAtMillis.put("generic:" + key, sent);
          } else {
            refused.incrementAndGet();
          }
        },
        0,
        PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** Stops sending; a send under way finishes. */
  void stop() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(1, TimeUnit.MINUTES);
  }

  /** Whether {@code count} webhooks have been sent (or refused). */
  boolean sent(int count) {
    return sentAtMillis.size() + refused.get() >= count;
  }

  /**
   * Waits (up to {@code timeout}) until every accepted webhook has settled, then answers their
   * settle latencies.
   */
  SettleLatency await(JdbcLedger ledger, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Long> latencies =
          sentAtMillis.entrySet().stream()
              .map(
                  sent ->
                      ledger
                          .find(sent.getKey())
                          .filter(row -> row.status().isSettled())
                          .map(LedgerRow::updatedAtMillis)
                          .map(at -> at - sent.getValue()))
              .flatMap(Optional::stream)
              .toList();
      if (latencies.size() == sentAtMillis.size() || System.nanoTime() > deadline) {
        double[] values = latencies.stream().mapToDouble(Long::doubleValue).toArray();
        return new SettleLatency(
            sentAtMillis.size() + refused.get(),
            sentAtMillis.size() - latencies.size() + refused.get(),
            values.length == 0 ? 0 : Stats.percentile(values, 50),
            values.length == 0 ? 0 : Stats.percentile(values, 95));
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
