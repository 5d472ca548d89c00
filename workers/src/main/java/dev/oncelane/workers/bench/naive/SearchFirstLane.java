package dev.oncelane.workers.bench.naive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Search first, then create or update: the search index lags behind writes, and without a 409
 * fallback a create that collides with a contact the search did not show yet fails the event.
 * Transient failures are retried like the other naive lane.
 */
final class SearchFirstLane implements NaiveLane {

  private final NaiveCrm crm;

  SearchFirstLane(NaiveCrm crm) {
    this.crm = crm;
  }

  @Override
  public String name() {
    return "search-first, no 409 fallback";
  }

  @Override
  public boolean process(String email, Map<String, String> properties) {
    NaiveCrm.Answer found = BlindRetry.call(() -> crm.searchByEmail(email));
    if (!found.ok()) {
      return false;
    }
    JsonNode results = found.body().path("results");
    if (results.size() > 0) {
      String id = results.get(0).path("id").asText();
      return BlindRetry.call(() -> crm.update(id, properties)).ok();
    }
    Map<String, String> all = new TreeMap<>(properties);
    all.put("email", email);
    return BlindRetry.call(() -> crm.create(all)).ok();
  }
}
