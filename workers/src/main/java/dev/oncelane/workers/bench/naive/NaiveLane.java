package dev.oncelane.workers.bench.naive;

import java.util.Map;

/**
 * A lane without oncelane's guarantees, carried by the chaos bench for comparison: it processes
 * every delivery as it arrives, duplicates included, and knows nothing of earlier ones.
 */
public interface NaiveLane {

  /** A short name for tables. */
  String name();

  /**
   * Writes one delivery to the CRM.
   *
   * @return true when the lane considers the delivery done, false when it ended in an error
   */
  boolean process(String email, Map<String, String> properties);

  /** The lanes the bench compares, each writing to the CRM at {@code baseUrl}. */
  static java.util.List<NaiveLane> all(String baseUrl, String token) {
    NaiveCrm crm = new NaiveCrm(baseUrl, token);
    return java.util.List.of(new CreateFirstLane(crm), new SearchFirstLane(crm));
  }
}
