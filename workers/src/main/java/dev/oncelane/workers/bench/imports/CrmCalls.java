package dev.oncelane.workers.bench.imports;

import dev.oncelane.sandbox.http.CallStats;
import java.util.Map;

/**
 * The sandbox's /crm request counts at one moment, split into what a proof needs; subtract two
 * snapshots ({@link #minus}) for what happened between them.
 *
 * @param requests every /crm request, whatever its answer
 * @param rateLimited requests answered 429
 * @param writes requests to an endpoint that creates or changes contacts ({@code POST
 *     /crm/v3/objects/contacts}, {@code PATCH …/{id}}, {@code POST …/batch/create|update|upsert}),
 *     not answered 429: an attempt to write, whether it succeeded or not
 */
public record CrmCalls(long requests, long rateLimited, long writes) {

  /** From the sandbox's counts per {@code "METHOD /path-template"} and status. */
  public static CrmCalls of(Map<String, Map<String, Long>> stats) {
    long requests = 0;
    long rateLimited = 0;
    long writes = 0;
    for (Map.Entry<String, Map<String, Long>> endpoint : stats.entrySet()) {
      long all = endpoint.getValue().values().stream().mapToLong(Long::longValue).sum();
      long refused = endpoint.getValue().getOrDefault(CallStats.RATE_LIMITED, 0L);
      requests += all;
      rateLimited += refused;
      if (isWrite(endpoint.getKey())) {
        writes += all - refused;
      }
    }
    return new CrmCalls(requests, rateLimited, writes);
  }

  /** Whether {@code "METHOD /path"} names an endpoint that writes contacts. */
  static boolean isWrite(String endpoint) {
    if (!endpoint.contains("/crm/v3/objects/contacts")) {
      return false;
    }
    return endpoint.startsWith("PATCH ")
        || (endpoint.startsWith("POST ")
            && !endpoint.endsWith("/search")
            && !endpoint.endsWith("/batch/read"));
  }

  /** What happened between {@code earlier} and this snapshot. */
  public CrmCalls minus(CrmCalls earlier) {
    return new CrmCalls(
        requests - earlier.requests, rateLimited - earlier.rateLimited, writes - earlier.writes);
  }

  /** Requests not refused for the rate limit: what the CRM budget paid for. */
  public long admitted() {
    return requests - rateLimited;
  }

  /** {@link #admitted()} per row; 0 for no rows. */
  public double perRow(int rows) {
    return rows == 0 ? 0 : (double) admitted() / rows;
  }
}
