package dev.oncelane.workers.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the CRM-limit measurements of {@code bench load --crm-limit} are played: one row per limit ×
 * batching mode, on one stack.
 *
 * @param limits the sandbox's burst limits, requests per rolling 10 s, each also passed to the
 *     workers as {@code ONCELANE_CRM_BUDGET_PER_10S}; 0 for no limit (a row to compare the limited
 *     ones with)
 * @param batching the {@code ONCELANE_CRM_BATCHING} values to run the workers with ({@code on},
 *     {@code off})
 * @param workers worker processes per row
 * @param events unique events per row's stream, unless {@code burst}
 * @param burst stream {@link CrmLimitRun#BURST_FACTOR} × the limit in events instead
 * @param temporalBinary the {@code temporal} CLI to run the dev server with; empty: in-memory
 * @param workerJar the oncelane jar the worker processes run
 * @param dataDir where the ledger, Temporal's data and the logs go
 */
public record CrmLimitOptions(
    List<Integer> limits,
    List<String> batching,
    int workers,
    int events,
    boolean burst,
    Optional<Path> temporalBinary,
    Path workerJar,
    Path dataDir) {

  public CrmLimitOptions {
    limits = List.copyOf(limits);
    batching = List.copyOf(batching);
  }

  /**
   * A builder with the command's defaults: no limits, batching {@code off}, one worker, 100 events,
   * no burst, the in-memory server. {@code workerJar} and {@code dataDir} have no default.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Events in a row's stream at this limit. */
  int eventsAt(int limit) {
    return burst && limit > 0 ? CrmLimitRun.BURST_FACTOR * limit : events;
  }

  /**
   * How long a row's stream may take to settle: three times what two requests per event at the
   * limit need, plus two minutes for retries and start-up (and for the stream alone, five seconds
   * per event, without a limit).
   */
  Duration settleTimeoutAt(int limit) {
    if (limit == 0) {
      return Duration.ofMinutes(2).plusSeconds(5L * events);
    }
    long twoCallSeconds = (long) Math.ceil(eventsAt(limit) * 2 * 10.0 / limit);
    return Duration.ofMinutes(2).plusSeconds(3 * twoCallSeconds);
  }

  /**
   * Builds {@link CrmLimitOptions} by name; {@link #build()} throws NPE without jar or data dir.
   */
  public static final class Builder {
    private List<Integer> limits = List.of();
    private List<String> batching = List.of("off");
    private int workers = 1;
    private int events = 100;
    private boolean burst;
    private Optional<Path> temporalBinary = Optional.empty();
    private Path workerJar;
    private Path dataDir;

    private Builder() {}

    public Builder limits(List<Integer> limits) {
      this.limits = limits;
      return this;
    }

    public Builder batching(List<String> batching) {
      this.batching = batching;
      return this;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder events(int events) {
      this.events = events;
      return this;
    }

    public Builder burst(boolean burst) {
      this.burst = burst;
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

    public CrmLimitOptions build() {
      return new CrmLimitOptions(
          limits,
          batching,
          workers,
          events,
          burst,
          temporalBinary,
          Objects.requireNonNull(workerJar, "workerJar"),
          Objects.requireNonNull(dataDir, "dataDir"));
    }
  }
}
