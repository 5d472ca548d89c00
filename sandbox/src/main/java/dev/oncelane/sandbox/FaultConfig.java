package dev.oncelane.sandbox;

/**
 * The sandbox's fault knobs. All of them can change at run time ({@link SandboxServer#setFaults},
 * {@code POST /__sandbox/faults}); random outcomes come from the server's seed, so a given seed,
 * configuration and request sequence always fails the same way.
 *
 * @param commitThenDropRate probability in [0,1] that a successful write is applied and its answer
 *     then lost (the connection is aborted, the client sees an I/O error)
 * @param serverErrorRate probability in [0,1] that a /crm call answers 500 without doing anything
 * @param latencyMinMs lower bound of the added latency, in milliseconds
 * @param latencyMaxMs upper bound of the added latency (uniform in [min,max]), in milliseconds
 * @param rateLimitPer10s requests allowed per token in any rolling 10 s window; 0 turns it off
 * @param searchLagMs how long after a write the search index still shows the previous version
 */
public record FaultConfig(
    double commitThenDropRate,
    double serverErrorRate,
    int latencyMinMs,
    int latencyMaxMs,
    int rateLimitPer10s,
    long searchLagMs) {

  private static final FaultConfig NONE = new FaultConfig(0, 0, 0, 0, 0, 0);

  /** Rejects values that cannot describe a fault configuration. */
  public FaultConfig {
    requireRate("commitThenDropRate", commitThenDropRate);
    requireRate("serverErrorRate", serverErrorRate);
    if (latencyMinMs < 0 || latencyMaxMs < latencyMinMs) {
      throw new IllegalArgumentException(
          "latency needs 0 <= latencyMinMs <= latencyMaxMs, got "
              + latencyMinMs
              + ".."
              + latencyMaxMs);
    }
    if (rateLimitPer10s < 0) {
      throw new IllegalArgumentException("rateLimitPer10s must be >= 0, got " + rateLimitPer10s);
    }
    if (searchLagMs < 0) {
      throw new IllegalArgumentException("searchLagMs must be >= 0, got " + searchLagMs);
    }
  }

  /** No faults: no latency, no errors, no drops, no rate limit, search sees writes at once. */
  public static FaultConfig none() {
    return NONE;
  }

  public FaultConfig withCommitThenDropRate(double rate) {
    return new FaultConfig(
        rate, serverErrorRate, latencyMinMs, latencyMaxMs, rateLimitPer10s, searchLagMs);
  }

  public FaultConfig withServerErrorRate(double rate) {
    return new FaultConfig(
        commitThenDropRate, rate, latencyMinMs, latencyMaxMs, rateLimitPer10s, searchLagMs);
  }

  public FaultConfig withLatency(int minMs, int maxMs) {
    return new FaultConfig(
        commitThenDropRate, serverErrorRate, minMs, maxMs, rateLimitPer10s, searchLagMs);
  }

  public FaultConfig withRateLimitPer10s(int limit) {
    return new FaultConfig(
        commitThenDropRate, serverErrorRate, latencyMinMs, latencyMaxMs, limit, searchLagMs);
  }

  public FaultConfig withSearchLagMs(long lagMs) {
    return new FaultConfig(
        commitThenDropRate, serverErrorRate, latencyMinMs, latencyMaxMs, rateLimitPer10s, lagMs);
  }

  private static void requireRate(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0,1], got " + value);
    }
  }
}
