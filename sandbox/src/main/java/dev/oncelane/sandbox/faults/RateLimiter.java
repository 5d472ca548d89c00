package dev.oncelane.sandbox.faults;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * HubSpot's ten-secondly limit: a rolling 10 s window per token. Refused requests do not count.
 * Also counts the calls of the day per token for the informative daily headers (the daily budget is
 * reported, not enforced). A refused call learns how long until one more would fit, for {@code
 * Retry-After}.
 */
public final class RateLimiter {

  public static final long WINDOW_MS = 10_000;
  public static final int DAILY_LIMIT = 250_000;

  private final Clock clock;
  private final IntSupplier limitPer10s;
  private final Map<String, Deque<Long>> windows = new HashMap<>();
  private final Map<String, Integer> dailyCalls = new HashMap<>();

  /**
   * @param limitPer10s read on every call so it can change at run time; 0 turns the limit off
   */
  public RateLimiter(Clock clock, IntSupplier limitPer10s) {
    this.clock = clock;
    this.limitPer10s = limitPer10s;
  }

  /**
   * What the rate-limit headers say after a call.
   *
   * @param retryAfterMs for a refused call, milliseconds until the oldest call in the window leaves
   *     it and one more fits; 0 for an allowed call
   */
  public record Usage(
      boolean allowed, int max, int remaining, int daily, int dailyRemaining, long retryAfterMs) {}

  /** Counts one call of this token, unless its window is full. */
  public synchronized Usage acquire(String token) {
    return account(token, true);
  }

  /** Reports the token's usage without counting a call (for calls exempt from the limit). */
  public synchronized Usage peek(String token) {
    return account(token, false);
  }

  /**
   * Milliseconds until the window holds fewer than {@code limit} calls: when the call that many
   * places from its newest end leaves (the oldest, unless the limit was lowered meanwhile).
   */
  private static long untilOneFits(Deque<Long> window, int limit, long now) {
    int toLeave = window.size() - limit + 1;
    long leaving = now;
    var oldestFirst = window.iterator();
    for (int i = 0; i < toLeave; i++) {
      leaving = oldestFirst.next();
    }
    return Math.max(0, leaving + WINDOW_MS - now);
  }

  public synchronized void clear() {
    windows.clear();
    dailyCalls.clear();
  }

  private Usage account(String token, boolean counts) {
    int limit = limitPer10s.getAsInt();
    long now = clock.millis();
    Deque<Long> window = windows.computeIfAbsent(token, ignored -> new ArrayDeque<>());
    while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_MS) {
      window.removeFirst();
    }
    boolean allowed = limit == 0 || window.size() < limit;
    if (counts && allowed) {
      window.addLast(now);
      dailyCalls.merge(token, 1, Integer::sum);
    }
    int used = dailyCalls.getOrDefault(token, 0);
    if (limit == 0) {
      // No limit: report a budget nobody reaches, so clients that pace on headers never wait.
      return new Usage(
          true, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 0);
    }
    return new Usage(
        allowed,
        limit,
        Math.max(0, limit - window.size()),
        DAILY_LIMIT,
        Math.max(0, DAILY_LIMIT - used),
        allowed ? 0 : untilOneFits(window, limit, now));
  }
}
