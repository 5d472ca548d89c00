package dev.oncelane.relay.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.relay.RejectionReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedReadinessTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-11-30T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void probesWithinTheTtlReuseTheAnswerAndTheNextOneChecksAgain() {
    ManualClock clock = new ManualClock();
    AtomicInteger calls = new AtomicInteger();
    ReadinessCheck flips =
        () ->
            calls.incrementAndGet() == 1
                ? Readiness.notReady(RejectionReason.LANE_MISCONFIGURED, "missing", Map.of())
                : Readiness.ready();
    CachedReadiness cached = new CachedReadiness(flips, Duration.ofSeconds(5), clock);

    assertFalse(cached.check().isReady());
    clock.advance(Duration.ofSeconds(4));
    assertFalse(cached.check().isReady());
    assertEquals(1, calls.get(), "one call to the frontend within the TTL");

    clock.advance(Duration.ofSeconds(1));
    assertTrue(cached.check().isReady());
    assertEquals(2, calls.get());
  }
}
