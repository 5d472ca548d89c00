package dev.oncelane.sandbox.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    private long millis;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  @Test
  void aRefusedCallLearnsHowLongUntilTheOldestCallLeavesTheWindow() {
    HandClock clock = new HandClock();
    RateLimiter limiter = new RateLimiter(clock, () -> 2);
    assertTrue(limiter.acquire("t").allowed());
    clock.millis = 4_000;
    assertTrue(limiter.acquire("t").allowed());
    clock.millis = 6_000;

    RateLimiter.Usage refused = limiter.acquire("t");

    assertFalse(refused.allowed());
    assertEquals(0, refused.remaining());
    assertEquals(4_000, refused.retryAfterMs());
    clock.millis = 10_000;
    RateLimiter.Usage afterTheWait = limiter.acquire("t");
    assertTrue(afterTheWait.allowed());
    assertEquals(0, afterTheWait.retryAfterMs());
  }

  @Test
  void afterTheLimitIsLoweredARefusedCallWaitsForEnoughCallsToLeave() {
    HandClock clock = new HandClock();
    int[] limit = {3};
    RateLimiter limiter = new RateLimiter(clock, () -> limit[0]);
    for (long at : new long[] {0, 1_000, 2_000}) {
      clock.millis = at;
      limiter.acquire("t");
    }
    limit[0] = 1;
    clock.millis = 3_000;

    // With room for one call, all three must leave before another fits: at 12 000.
    assertEquals(9_000, limiter.acquire("t").retryAfterMs());
  }
}
