package dev.oncelane.workers.bench.load;

import dev.oncelane.sandbox.http.CallStats.EndpointUsage;
import java.util.Map;

/**
 * The CRM requests a stream of events cost, summed over every /crm endpoint of the sandbox.
 *
 * @param requests every request, 429s included
 * @param rateLimited requests answered 429
 * @param batchRequests batch requests past the rate limit
 * @param batchInputs the inputs those batch requests carried
 */
public record CrmUsage(long requests, long rateLimited, long batchRequests, long batchInputs) {

  /** The sum of the sandbox's per-endpoint usage ({@code SandboxServer#usage()}). */
  public static CrmUsage of(Map<String, EndpointUsage> byEndpoint) {
    long requests = 0;
    long rateLimited = 0;
    long batchRequests = 0;
    long batchInputs = 0;
    for (EndpointUsage usage : byEndpoint.values()) {
      requests += usage.requests();
      rateLimited += usage.rateLimited();
      batchRequests += usage.batchRequests();
      batchInputs += usage.batchInputs();
    }
    return new CrmUsage(requests, rateLimited, batchRequests, batchInputs);
  }

  /**
   * Requests HubSpot did not refuse for the rate limit, per event: the budget each event spent.
   * 429s are not counted here (see {@link #rateLimitedShare()}). 0 for no events.
   */
  public double callsPerEvent(int events) {
    return events == 0 ? 0 : (double) (requests - rateLimited) / events;
  }

  /** 429s as a share of all requests, in [0, 1]; 0 when there was no request. */
  public double rateLimitedShare() {
    return requests == 0 ? 0 : (double) rateLimited / requests;
  }

  /** Inputs per batch request past the rate limit; 0 when no batch request was made. */
  public double meanBatchSize() {
    return batchRequests == 0 ? 0 : (double) batchInputs / batchRequests;
  }
}
