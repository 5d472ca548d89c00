package dev.oncelane.workers.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * A count read from somewhere slow (the ledger) at most once per {@code maxAge}, so frequent
 * scrapes do not turn into frequent queries. A failed read keeps the last value.
 */
public final class CachedCount implements IntSupplier {

  private final IntSupplier source;
  private final Duration maxAge;
  private final Clock clock;
  private int value;
  private long readAtMillis = Long.MIN_VALUE;

  public CachedCount(IntSupplier source, Duration maxAge, Clock clock) {
    this.source = source;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public synchronized int getAsInt() {
    long now = clock.millis();
    if (readAtMillis == Long.MIN_VALUE || now - readAtMillis >= maxAge.toMillis()) {
      try {
        value = source.getAsInt();
      } catch (RuntimeException e) {
        // A scrape must not fail because the ledger hiccups; the next one tries again.
        return value;
      }
      readAtMillis = now;
    }
    return value;
  }
}
