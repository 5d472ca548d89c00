package dev.oncelane.workers.bench.naive;

import java.util.function.Supplier;

/** Retries a call on any transient failure, a little longer each time, a fixed number of times. */
final class BlindRetry {

  static final int ATTEMPTS = 6;
  private static final long PAUSE_MS = 500;

  private BlindRetry() {}

  static NaiveCrm.Answer call(Supplier<NaiveCrm.Answer> call) {
    NaiveCrm.Answer answer = call.get();
    for (int attempt = 1; attempt < ATTEMPTS && answer.transientFailure(); attempt++) {
      try {
        Thread.sleep(PAUSE_MS * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return answer;
      }
      answer = call.get();
    }
    return answer;
  }
}
