package dev.oncelane.sandbox.http;

import java.util.Map;
import java.util.TreeMap;

/** Counts /crm calls per "METHOD /path-template" and status ("dropped" for lost answers). */
public final class CallStats {

  public static final String DROPPED = "dropped";

  private final Map<String, Map<String, Long>> counts = new TreeMap<>();

  public synchronized void record(String endpoint, String status) {
    counts.computeIfAbsent(endpoint, ignored -> new TreeMap<>()).merge(status, 1L, Long::sum);
  }

  /** A copy of the counts. */
  public synchronized Map<String, Map<String, Long>> snapshot() {
    Map<String, Map<String, Long>> copy = new TreeMap<>();
    counts.forEach((endpoint, byStatus) -> copy.put(endpoint, new TreeMap<>(byStatus)));
    return copy;
  }

  public synchronized void clear() {
    counts.clear();
  }
}
