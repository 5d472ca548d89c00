package dev.oncelane.sandbox.http;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts /crm calls per "METHOD /path-template": per status ("dropped" for lost answers), and for
 * batch endpoints the inputs of the calls the rate limit let through.
 */
public final class CallStats {

  public static final String DROPPED = "dropped";
  public static final String RATE_LIMITED = "429";

  /**
   * One endpoint's use, for benches that compute CRM calls per event, the 429 share and the mean
   * batch size.
   *
   * @param requests every call, whatever its answer (429s and lost answers included)
   * @param rateLimited calls answered 429
   * @param batchRequests batch calls that passed authentication and the rate limit (0 for the
   *     single-record endpoints)
   * @param batchInputs the {@code inputs} those batch calls carried, summed
   */
  public record EndpointUsage(
      long requests, long rateLimited, long batchRequests, long batchInputs) {

    /** Inputs per admitted batch call; 0 when there was none. */
    public double meanBatchSize() {
      return batchRequests == 0 ? 0 : (double) batchInputs / batchRequests;
    }
  }

  private final Map<String, Map<String, Long>> counts = new TreeMap<>();
  private final Map<String, long[]> batches = new TreeMap<>();

  public synchronized void record(String endpoint, String status) {
    counts.computeIfAbsent(endpoint, ignored -> new TreeMap<>()).merge(status, 1L, Long::sum);
  }

  /** Counts one admitted batch call carrying {@code inputs} inputs. */
  public synchronized void recordBatch(String endpoint, int inputs) {
    long[] batch = batches.computeIfAbsent(endpoint, ignored -> new long[2]);
    batch[0]++;
    batch[1] += inputs;
  }

  /** A copy of the counts per endpoint and status. */
  public synchronized Map<String, Map<String, Long>> snapshot() {
    Map<String, Map<String, Long>> copy = new TreeMap<>();
    counts.forEach((endpoint, byStatus) -> copy.put(endpoint, new TreeMap<>(byStatus)));
    return copy;
  }

  /** Requests, 429s and batch inputs per endpoint. */
  public synchronized Map<String, EndpointUsage> usage() {
    Map<String, EndpointUsage> usage = new TreeMap<>();
    counts.forEach(
        (endpoint, byStatus) -> {
          long[] batch = batches.getOrDefault(endpoint, new long[2]);
          usage.put(
              endpoint,
              new EndpointUsage(
                  byStatus.values().stream().mapToLong(Long::longValue).sum(),
                  byStatus.getOrDefault(RATE_LIMITED, 0L),
                  batch[0],
                  batch[1]));
        });
    return usage;
  }

  public synchronized void clear() {
    counts.clear();
    batches.clear();
  }
}
