package dev.oncelane.sandbox.faults;

import dev.oncelane.sandbox.FaultConfig;
import java.util.Random;

/**
 * Draws the faults of each /crm request from one seeded {@link Random}, always three numbers per
 * request in a fixed order (latency, server error, drop), whatever the configuration. So the same
 * seed, configuration and sequence of requests give the same outcomes. Setting the configuration
 * restarts the sequence from the seed.
 */
public final class FaultInjector {

  private final long seed;
  private FaultConfig config;
  private Random random;
  private int owedDrops;

  public FaultInjector(long seed, FaultConfig config) {
    this.seed = seed;
    configure(config);
  }

  /** Replaces the configuration and restarts the random sequence from the seed. */
  public synchronized void configure(FaultConfig newConfig) {
    this.config = newConfig;
    this.random = new Random(seed);
  }

  public synchronized FaultConfig config() {
    return config;
  }

  /**
   * Makes the next {@code count} successful writes lose their answer, whatever the rates: a
   * scripted ambiguous timeout for demos and tests.
   */
  public synchronized void dropNextWrites(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    owedDrops = count;
  }

  /** Takes one scripted drop, if any is owed. */
  public synchronized boolean takeScriptedDrop() {
    if (owedDrops == 0) {
      return false;
    }
    owedDrops--;
    return true;
  }

  /** Decides the faults of the next request. */
  public synchronized FaultPlan next() {
    double latencyDraw = random.nextDouble();
    double errorDraw = random.nextDouble();
    double dropDraw = random.nextDouble();
    int spread = config.latencyMaxMs() - config.latencyMinMs();
    int latency = config.latencyMinMs() + (int) Math.floor(latencyDraw * (spread + 1));
    return new FaultPlan(
        Math.min(latency, config.latencyMaxMs()),
        errorDraw < config.serverErrorRate(),
        dropDraw < config.commitThenDropRate());
  }
}
