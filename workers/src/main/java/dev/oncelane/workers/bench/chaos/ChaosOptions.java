package dev.oncelane.workers.bench.chaos;

import dev.oncelane.sandbox.FaultConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a chaos run is played.
 *
 * @param events unique events in the stream
 * @param seed the stream's and the sandbox's seed
 * @param workerKills how many times the worker process is SIGKILLed and restarted
 * @param temporalBinary the {@code temporal} CLI to run the dev server with; empty: in-memory
 * @param workerJar the oncelane jar the worker process runs
 * @param dataDir where the ledger, the Temporal database and the logs go
 * @param faults the sandbox faults every lane faces
 * @param naiveLanes whether to play the stream through the two naive lanes too
 * @param settleTimeout how long one phase may take to settle
 */
public record ChaosOptions(
    int events,
    long seed,
    int workerKills,
    Optional<Path> temporalBinary,
    Path workerJar,
    Path dataDir,
    FaultConfig faults,
    boolean naiveLanes,
    Duration settleTimeout) {

  /** The faults: 15 % commit-then-drop, 5 % 5xx, 190 per 10 s, 2 s search lag. */
  public static FaultConfig defaultFaults() {
    return FaultConfig.none()
        .withCommitThenDropRate(0.15)
        .withServerErrorRate(0.05)
        .withRateLimitPer10s(190)
        .withSearchLagMs(2000);
  }
}
