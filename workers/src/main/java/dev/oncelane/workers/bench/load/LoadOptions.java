package dev.oncelane.workers.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
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

  /**
   * A builder starting from one saturation measurement's worth: 300 events, one repeat, one rate of
   * 1/s for 1 s, the in-memory server, a settle timeout of 3 min, no codec run. {@code workerJar}
   * and {@code dataDir} have no default.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link LoadOptions} by name; {@link #build()} throws NPE without jar or data dir. */
  public static final class Builder {
    private int events = 300;
    private List<Integer> rates = List.of(1);
    private int secondsPerRate = 1;
    private int repeats = 1;
    private Optional<Path> temporalBinary = Optional.empty();
    private Path workerJar;
    private Path dataDir;
    private Duration settleTimeout = Duration.ofMinutes(3);
    private boolean codec;

    private Builder() {}

    public Builder events(int events) {
      this.events = events;
      return this;
    }

    public Builder rates(List<Integer> rates) {
      this.rates = rates;
      return this;
    }

    public Builder secondsPerRate(int secondsPerRate) {
      this.secondsPerRate = secondsPerRate;
      return this;
    }

    public Builder repeats(int repeats) {
      this.repeats = repeats;
      return this;
    }

    public Builder temporalBinary(Optional<Path> temporalBinary) {
      this.temporalBinary = temporalBinary;
      return this;
    }

    public Builder workerJar(Path workerJar) {
      this.workerJar = workerJar;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder settleTimeout(Duration settleTimeout) {
      this.settleTimeout = settleTimeout;
      return this;
    }

    public Builder codec(boolean codec) {
      this.codec = codec;
      return this;
    }

    public LoadOptions build() {
      return new LoadOptions(
          events,
          rates,
          secondsPerRate,
          repeats,
          temporalBinary,
          Objects.requireNonNull(workerJar, "workerJar"),
          Objects.requireNonNull(dataDir, "dataDir"),
          settleTimeout,
          codec);
    }
  }
}
