package dev.oncelane.workers.bench.chaos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a chaos run.
 *
 * @param seed the stream's seed
 * @param events unique events
 * @param deliveries deliveries in the stream
 * @param workerKills SIGKILLs (each followed by a restart) of the worker process
 * @param temporal which Temporal server ran
 * @param senderRetries deliveries the harness sent again after a 503 or a connection error
 * @param invariants oncelane's invariants, each with its count
 * @param lanes the lanes side by side, oncelane first
 * @param seconds how long oncelane's run took
 * @param dataDir where the ledger, Temporal's database and the logs are
 */
public record ChaosReport(
    long seed,
    int events,
    int deliveries,
    int workerKills,
    String temporal,
    long senderRetries,
    List<Invariant> invariants,
    List<LaneResult> lanes,
    double seconds,
    String dataDir) {

  /**
   * One checked property of the run.
   *
   * @param name what must hold
   * @param holding how many cases it holds for
   * @param of how many cases there are
   */
  public record Invariant(String name, long holding, long of) {
    @JsonProperty("ok")
    public boolean ok() {
      return holding == of;
    }
  }

  /**
   * One lane's figures.
   *
   * @param lane its name
   * @param eventsLost valid events whose values never reached the CRM
   * @param deliveriesInError deliveries that ended in an error
   * @param crmCallsPerEvent CRM calls per unique event, from the sandbox's stats
   * @param contactsDuplicated contacts beyond the first for an email
   * @param inReview events parked for a person (oncelane only; the naive lanes have no review)
   * @param newestValues out-of-order contacts whose properties equal the newest event's values
   */
  public record LaneResult(
      String lane,
      int eventsLost,
      long deliveriesInError,
      double crmCallsPerEvent,
      int contactsDuplicated,
      long inReview,
      NewestValues.Count newestValues) {}

  /** True when every invariant holds. */
  @JsonProperty("ok")
  public boolean ok() {
    return invariants.stream().allMatch(Invariant::ok);
  }

  /** The report for people. */
  public void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "chaos run: seed %d, %d events, %d deliveries, %d worker kill(s), %s, %.0f s%n",
        seed,
        events,
        deliveries,
        workerKills,
        temporal,
        seconds);
    out.printf(
        "  the harness resent %d deliveries after a 503 or a refused connection, as a real sender"
            + " would%n%n",
        senderRetries);
    for (Invariant i : invariants) {
      out.printf(
          Locale.ROOT,
          "  %-4s %-76s %d/%d%n",
          i.ok() ? "ok" : "FAIL",
          i.name(),
          i.holding(),
          i.of());
    }
    out.printf(
        "%n  %-32s %11s %20s %16s %20s %10s %15s%n",
        "lane",
        "events lost",
        "deliveries in error",
        "CRM calls/event",
        "contacts duplicated",
        "in review",
        "newest values");
    for (LaneResult l : lanes) {
      out.printf(
          Locale.ROOT,
          "  %-32s %11d %20d %16.2f %20d %10s %15s%n",
          l.lane(),
          l.eventsLost(),
          l.deliveriesInError(),
          l.crmCallsPerEvent(),
          l.contactsDuplicated(),
          l.inReview() < 0 ? "-" : Long.toString(l.inReview()),
          l.newestValues().holding() + "/" + l.newestValues().of());
    }
    out.println(
        "  newest values: out-of-order contacts whose every property holds the newest event's"
            + " value");
    out.printf("%n  data and logs: %s%n  %s%n", dataDir, ok() ? "ALL INVARIANTS HOLD" : "BROKEN");
  }
}
