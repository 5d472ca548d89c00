package dev.oncelane.workers.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a load run is played.
 *
 * @param events events offered in each saturation measurement (oncelane's and the bare one's)
 * @param rates the offered rates of the acknowledgement measurements, per second
 * @param secondsPerRate how long each rate is offered (for new events, then again for duplicates)
 * @param repeats how many times every measurement runs; the report holds the medians
 * @param temporalBinary the {@code temporal} CLI to run the dev server with; empty: in-memory
 * @param workerJar the oncelane jar the worker process runs
 * @param dataDir where the ledgers, Temporal's data and the logs go
 * @param settleTimeout how long one saturation measurement may take to finish
 * @param codec whether oncelane is also saturated with payload encryption on (worker and relay), to
 *     report the codec's cost against the same bare workflow
 */
public record LoadOptions(
    int events,
    List<Integer> rates,
    int secondsPerRate,
    int repeats,
    Optional<Path> temporalBinary,
    Path workerJar,
    Path dataDir,
    Duration settleTimeout,
    boolean codec) {

  public LoadOptions {
    rates = List.copyOf(rates);
  }
}
