package dev.oncelane.workers.it;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline; a test never sleeps and hopes. */
final class Deadlines {

  private static final Duration POLL = Duration.ofMillis(200);

  private Deadlines() {}

  /**
   * Polls {@code probe} until it yields a value, or fails at the deadline with {@code what} and the
   * last thing {@code lastSeen} describes.
   */
  static <T> T await(
      String what, Duration timeout, Supplier<Optional<T>> probe, Supplier<String> lastSeen) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            what + " did not happen within " + timeout + "; last seen: " + lastSeen.get());
      }
      pause();
    }
  }

  /** Polls {@code condition} until it holds, or fails at the deadline. */
  static void awaitTrue(
      String what, Duration timeout, Supplier<Boolean> condition, Supplier<String> lastSeen) {
    await(
        what,
        timeout,
        () -> condition.get() ? Optional.of(Boolean.TRUE) : Optional.empty(),
        lastSeen);
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
