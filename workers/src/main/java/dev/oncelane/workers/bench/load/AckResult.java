package dev.oncelane.workers.bench.load;

/**
 * The relay's acknowledgement latency at one offered rate, and how every delivery was answered.
 *
 * @param kind {@code new} (202 after Temporal accepted the start) or {@code duplicate} (200)
 * @param offeredPerSecond the rate deliveries were scheduled at
 * @param achievedPerSecond answers per second, from the first due time to the last answer
 * @param p50Ms median latency from a delivery's due time to its answer
 * @param p95Ms 95th percentile of the same
 * @param p99Ms 99th percentile of the same
 * @param deliveries deliveries offered
 * @param unexpected deliveries answered otherwise than expected (or not at all)
 * @param answers the deliveries by answer
 * @param resent what the deliveries answered 503 got when sent again after the offer, as a sender
 *     does: the expected answer (202 for a new event: no run existed for its key, so a 503 left
 *     nothing half-started) or another
 */
public record AckResult(
    String kind,
    double offeredPerSecond,
    double achievedPerSecond,
    double p50Ms,
    double p95Ms,
    double p99Ms,
    int deliveries,
    int unexpected,
    Answers answers,
    Resent resent) {

  /**
   * Deliveries by answer.
   *
   * @param accepted {@code 202}
   * @param duplicate {@code 200}
   * @param unavailable {@code 503}: shed by the relay, or Temporal did not take the start
   * @param shed of those, {@code 503 relay_overloaded}: shed by the relay's start admission
   * @param other any other status
   * @param none no answer: the connection failed or was closed, or the client timed out (30 s)
   */
  public record Answers(
      int accepted, int duplicate, int unavailable, int shed, int other, int none) {

    /** Counts HTTP statuses (-1 is no answer); {@code shed} tells which 503s the relay shed. */
    static Answers of(int[] statuses, boolean[] shed) {
      int accepted = 0;
      int duplicate = 0;
      int unavailable = 0;
      int other = 0;
      int none = 0;
      int shedCount = 0;
      for (int i = 0; i < statuses.length; i++) {
        if (shed[i]) {
          shedCount++;
        }
        switch (statuses[i]) {
          case 202 -> accepted++;
          case 200 -> duplicate++;
          case 503 -> unavailable++;
          case -1 -> none++;
          default -> other++;
        }
      }
      return new Answers(accepted, duplicate, unavailable, shedCount, other, none);
    }
  }

  /**
   * The 503-answered deliveries, sent again once the offer is over.
   *
   * @param sent how many were sent again
   * @param asExpected answered as the kind expects (202 new, 200 duplicate)
   * @param otherwise answered otherwise, or not at all
   */
  public record Resent(int sent, int asExpected, int otherwise) {
    static final Resent NONE = new Resent(0, 0, 0);
  }
}
