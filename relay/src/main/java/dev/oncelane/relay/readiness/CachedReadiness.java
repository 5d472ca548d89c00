package dev.oncelane.relay.readiness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Remembers another check's answer for a while, so frequent readiness probes (every replica, every
 * few seconds) cost the Temporal frontend one round of calls per period. Concurrent probes while a
 * check runs wait for it instead of starting their own.
 */
public final class CachedReadiness implements ReadinessCheck {

  /** How long an answer is reused by default. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

  private final ReadinessCheck check;
  private final Duration ttl;
  private final Clock clock;
  private Readiness last;
  private Instant checkedAt;

  public CachedReadiness(ReadinessCheck check, Duration ttl, Clock clock) {
    this.check = Objects.requireNonNull(check, "check");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@code check}'s answers, each reused for {@link #DEFAULT_TTL}. */
  public static CachedReadiness of(ReadinessCheck check) {
    return new CachedReadiness(check, DEFAULT_TTL, Clock.systemUTC());
  }

  @Override
  public synchronized Readiness check() {
    Instant now = clock.instant();
    if (last == null || !now.isBefore(checkedAt.plus(ttl))) {
      last = check.check();
      checkedAt = clock.instant();
    }
    return last;
  }
}
