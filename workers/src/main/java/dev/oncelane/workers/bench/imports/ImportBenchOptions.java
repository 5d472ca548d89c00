package dev.oncelane.workers.bench.imports;

import dev.oncelane.sandbox.FaultConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code bench import} is played.
 *
 * @param rows data rows in the generated file, e.g. 10000 (at least 100)
 * @param crmLimit the burst limit the sandbox enforces, requests per rolling 10 s, also the
 *     workers' {@code ONCELANE_CRM_BUDGET_PER_10S}; 0 for none
 * @param faults the sandbox's other faults (its rate limit is {@code crmLimit})
 * @param killWorkerAt SIGKILL and restart the worker once this fraction of a half's events have
 *     settled, in (0, 1); 0 for no kill
 * @param seed the rows' and the sandbox's seed
 * @param maxInFlight the import's most events unsettled at once ({@code ImportRequest})
 * @param webhooks whether to send the same rows as webhooks too (the side-by-side half)
 * @param trickle whether to measure live webhooks' settle latency alone and during the import
 * @param temporalBinary the {@code temporal} CLI to run the dev server with; empty: in-memory
 * @param workerJar the oncelane jar the worker process runs
 * @param dataDir where the file, the ledger, Temporal's data and the logs go
 * @param settleTimeout how long one half may take to settle
 */
public record ImportBenchOptions(
    int rows,
    int crmLimit,
    FaultConfig faults,
    double killWorkerAt,
    long seed,
    int maxInFlight,
    boolean webhooks,
    boolean trickle,
    Optional<Path> temporalBinary,
    Path workerJar,
    Path dataDir,
    Duration settleTimeout) {

  /** The issue's faults besides the limit: 15 % commit-then-drop, 5 % 5xx, 2 s search lag. */
  public static final String ISSUE_FAULTS =
      "commit-then-drop=0.15,server-error=0.05,search-lag-ms=2000";

  /** The issue's faults, without a rate limit. */
  public static FaultConfig issueFaults() {
    return parseFaults(ISSUE_FAULTS);
  }

  /**
   * {@code none}, or a comma-separated list of {@code name=value}: {@code commit-then-drop} and
   * {@code server-error} (probabilities in [0, 1]), {@code search-lag-ms} (milliseconds), {@code
   * latency-ms} ({@code min-max} milliseconds), e.g. {@code
   * commit-then-drop=0.15,server-error=0.05}.
   *
   * @throws IllegalArgumentException for an unknown name or a value out of range
   */
  public static FaultConfig parseFaults(String spec) {
    FaultConfig faults = FaultConfig.none();
    if (spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
      return faults;
    }
    for (String part : spec.split(",")) {
      String[] pair = part.trim().split("=", 2);
      if (pair.length != 2) {
        throw new IllegalArgumentException("a fault is name=value: " + part);
      }
      String value = pair[1].trim();
      try {
        faults =
            switch (pair[0].trim().toLowerCase(Locale.ROOT)) {
              case "commit-then-drop" -> faults.withCommitThenDropRate(Double.parseDouble(value));
              case "server-error" -> faults.withServerErrorRate(Double.parseDouble(value));
              case "search-lag-ms" -> faults.withSearchLagMs(Long.parseLong(value));
              case "latency-ms" -> {
                String[] range = value.split("-", 2);
                int min = Integer.parseInt(range[0]);
                yield faults.withLatency(min, range.length == 2 ? Integer.parseInt(range[1]) : min);
              }
              default ->
                  throw new IllegalArgumentException(
                      "unknown fault "
                          + pair[0]
                          + " (commit-then-drop, server-error, search-lag-ms, latency-ms)");
            };
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number in " + part, e);
      }
    }
    return faults;
  }

  /** Whether the worker is killed mid-half. */
  public boolean kills() {
    return killWorkerAt > 0;
  }

  /**
   * A builder with the command's defaults: 10,000 rows, a limit of 190 per 10 s (HubSpot's), the
   * issue's faults, a kill at half way, seed 13, 50 in flight, webhooks and the trickle on, the
   * in-memory server, a settle timeout of 5 minutes plus 1 s per row. {@code workerJar} and {@code
   * dataDir} have no default.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ImportBenchOptions} by name; {@link #build()} checks the values. */
  public static final class Builder {
    private int rows = 10_000;
    private int crmLimit = 190;
    private FaultConfig faults = issueFaults();
    private double killWorkerAt = 0.5;
    private long seed = 13;
    private int maxInFlight = 50;
    private boolean webhooks = true;
    private boolean trickle = true;
    private Optional<Path> temporalBinary = Optional.empty();
    private Path workerJar;
    private Path dataDir;
    private Duration settleTimeout;

    private Builder() {}

    public Builder rows(int rows) {
      this.rows = rows;
      return this;
    }

    public Builder crmLimit(int crmLimit) {
      this.crmLimit = crmLimit;
      return this;
    }

    public Builder faults(FaultConfig faults) {
      this.faults = faults;
      return this;
    }

    public Builder killWorkerAt(double fraction) {
      this.killWorkerAt = fraction;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = maxInFlight;
      return this;
    }

    public Builder webhooks(boolean webhooks) {
      this.webhooks = webhooks;
      return this;
    }

    public Builder trickle(boolean trickle) {
      this.trickle = trickle;
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

    /**
     * @throws IllegalArgumentException for fewer than 100 rows, a negative limit, a kill fraction
     *     outside [0, 1) or fewer than 1 in flight
     * @throws NullPointerException without a worker jar or data directory
     */
    public ImportBenchOptions build() {
      if (rows < 100) {
        throw new IllegalArgumentException("--rows must be at least 100 (1 % invalid is a row)");
      }
      if (crmLimit < 0) {
        throw new IllegalArgumentException("--crm-limit must be 0 (none) or more");
      }
      if (!(killWorkerAt >= 0 && killWorkerAt < 1)) {
        throw new IllegalArgumentException("--kill-worker-at is a fraction in [0, 1)");
      }
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("--max-in-flight must be at least 1");
      }
      return new ImportBenchOptions(
          rows,
          crmLimit,
          faults,
          killWorkerAt,
          seed,
          maxInFlight,
          webhooks,
          trickle,
          temporalBinary,
          Objects.requireNonNull(workerJar, "workerJar"),
          Objects.requireNonNull(dataDir, "dataDir"),
          settleTimeout != null ? settleTimeout : Duration.ofMinutes(5).plusSeconds(rows));
    }
  }
}
