package dev.oncelane.workers.commands;

import java.util.concurrent.CountDownLatch;

/** Blocks a long-running command until the JVM is asked to stop (Ctrl-C, SIGTERM). */
final class Shutdown {

  private Shutdown() {}

  /** Runs {@code onStop} on shutdown, and blocks the caller until it has run. */
  static void awaitThen(Runnable onStop) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    onStop.run();
                  } finally {
                    stopped.countDown();
                  }
                },
                "oncelane-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
