package dev.oncelane.workers.bench.load;

import java.util.Arrays;
import java.util.List;

/** The arithmetic of a load report: percentiles, medians, rates. */
public final class Stats {

  private Stats() {}

  /**
   * The {@code p}-th percentile of {@code values} by nearest rank (the smallest value with at least
   * {@code p} % of all values at or below it), so every answer is a value that was measured.
   *
   * @throws IllegalArgumentException for no values or {@code p} outside (0, 100]
   */
  public static double percentile(double[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to take a percentile of");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  /** The median of {@code values}: the middle one, or the mean of the two middle ones. */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values to take a median of");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** {@code count} per second over {@code nanos}; 0 when no time passed. */
  public static double perSecond(long count, long nanos) {
    return nanos <= 0 ? 0 : count * 1e9 / nanos;
  }
}
