package dev.oncelane.workers.bench.load;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What a load run measured: the medians over its repeats, and every repeat as measured.
 *
 * @param temporal which Temporal server ran
 * @param machine the machine and how busy it was
 * @param repeats how many times every measurement ran
 * @param secondsPerRate how long each offered rate lasted
 * @param ack median acknowledgement latencies, one row per kind and rate; {@code unexpected} is the
 *     largest of any repeat, and duplicates are offered only for events that were accepted
 * @param oncelane median oncelane saturation
 * @param bare median bare-workflow saturation on the same server
 * @param ratio median of each repeat's oncelane events/s over its bare events/s
 * @param crmCallsPerEvent median CRM calls per unique event in oncelane's saturation run
 * @param workerPeakRssMib median peak resident memory of the worker process (VmHWM), MiB
 * @param encrypted median oncelane saturation with payload encryption on; null when not measured
 * @param encryptedRatio median of each repeat's encrypted oncelane events/s over its bare events/s
 * @param codecRatio median of each repeat's encrypted over plain oncelane events/s: the codec's
 *     cost (1.0 = free)
 * @param oneContact median saturation of {@value LoadRun#ONE_CONTACT_EVENTS} events on one contact
 * @param oneContactRatio median of each repeat's one-contact events/s over its bare events/s
 * @param withoutNewestWins median oncelane saturation, distinct contacts, with a worker that runs
 *     without the contact lock and freshness ({@code ONCELANE_BENCH_WITHOUT_NEWEST_WINS}): the
 *     "before" of newest wins
 * @param withoutNewestWinsRatio median of each repeat's without-newest-wins events/s over its bare
 *     events/s
 * @param newestWinsOverWithout median of each repeat's oncelane (newest wins) events/s over its
 *     without-newest-wins events/s (1.0 = newest wins is free; the target is at least 0.90)
 * @param runs every repeat as measured
 * @param seconds how long the whole run took
 * @param dataDir where its data and logs are
 */
public record LoadReport(
    String temporal,
    Machine machine,
    int repeats,
    int secondsPerRate,
    List<AckResult> ack,
    Saturation oncelane,
    Saturation bare,
    double ratio,
    double crmCallsPerEvent,
    double workerPeakRssMib,
    Saturation encrypted,
    double encryptedRatio,
    double codecRatio,
    Saturation oneContact,
    double oneContactRatio,
    Saturation withoutNewestWins,
    double withoutNewestWinsRatio,
    double newestWinsOverWithout,
    List<RepeatResult> runs,
    double seconds,
    String dataDir) {

  /**
   * The machine a run ran on.
   *
   * @param cores processors the JVM sees
   * @param memoryGib total memory
   * @param loadAverageBefore 1-minute load average when the run began
   * @param loadAverageAfter 1-minute load average when it ended
   */
  public record Machine(
      int cores, double memoryGib, double loadAverageBefore, double loadAverageAfter) {}

  /**
   * One repeat of every measurement.
   *
   * @param ack acknowledgement latencies per kind and rate
   * @param oncelane oncelane's saturation
   * @param bare the bare workflow's saturation
   * @param crmCallsPerEvent CRM calls per unique event in oncelane's saturation
   * @param workerPeakRssMib the worker process's VmHWM at the end of its saturation, MiB
   * @param encrypted oncelane's saturation with payload encryption on; null when not measured
   * @param oneContact oncelane's saturation with every event on one contact
   * @param withoutNewestWins oncelane's saturation without the contact lock and freshness
   */
  public record RepeatResult(
      List<AckResult> ack,
      Saturation oncelane,
      Saturation bare,
      double crmCallsPerEvent,
      double workerPeakRssMib,
      Saturation encrypted,
      Saturation oneContact,
      Saturation withoutNewestWins) {

    static Builder builder() {
      return new Builder();
    }

    /** Builds a repeat's result; the optional measurements stay null unless set. */
    static final class Builder {
      private List<AckResult> ack;
      private Saturation oncelane;
      private Saturation bare;
      private double crmCallsPerEvent;
      private double workerPeakRssMib;
      private Saturation encrypted;
      private Saturation oneContact;
      private Saturation withoutNewestWins;

      Builder ack(List<AckResult> value) {
        ack = value;
        return this;
      }

      Builder oncelane(Saturation value) {
        oncelane = value;
        return this;
      }

      Builder bare(Saturation value) {
        bare = value;
        return this;
      }

      Builder crmCallsPerEvent(double value) {
        crmCallsPerEvent = value;
        return this;
      }

      Builder workerPeakRssMib(double value) {
        workerPeakRssMib = value;
        return this;
      }

      Builder encrypted(Saturation value) {
        encrypted = value;
        return this;
      }

      Builder oneContact(Saturation value) {
        oneContact = value;
        return this;
      }

      Builder withoutNewestWins(Saturation value) {
        withoutNewestWins = value;
        return this;
      }

      RepeatResult build() {
        return new RepeatResult(
            ack,
            oncelane,
            bare,
            crmCallsPerEvent,
            workerPeakRssMib,
            encrypted,
            oneContact,
            withoutNewestWins);
      }
    }

    /** One-contact events/s over the bare workflow's. */
    public double oneContactRatio() {
      return bare.eventsPerSecond() == 0
          ? 0
          : oneContact.eventsPerSecond() / bare.eventsPerSecond();
    }

    /** Without-newest-wins events/s over the bare workflow's. */
    public double withoutNewestWinsRatio() {
      return bare.eventsPerSecond() == 0
          ? 0
          : withoutNewestWins.eventsPerSecond() / bare.eventsPerSecond();
    }

    /** oncelane's (newest wins) events/s over the without-newest-wins lane's. */
    public double newestWinsOverWithout() {
      return withoutNewestWins.eventsPerSecond() == 0
          ? 0
          : oncelane.eventsPerSecond() / withoutNewestWins.eventsPerSecond();
    }

    /** oncelane's events/s over the bare workflow's. */
    public double ratio() {
      return bare.eventsPerSecond() == 0 ? 0 : oncelane.eventsPerSecond() / bare.eventsPerSecond();
    }

    /** Encrypted oncelane's events/s over the bare workflow's; 0 when not measured. */
    public double encryptedRatio() {
      return encrypted == null || bare.eventsPerSecond() == 0
          ? 0
          : encrypted.eventsPerSecond() / bare.eventsPerSecond();
    }

    /** Encrypted oncelane's events/s over plain oncelane's; 0 when not measured. */
    public double codecRatio() {
      return encrypted == null || oncelane.eventsPerSecond() == 0
          ? 0
          : encrypted.eventsPerSecond() / oncelane.eventsPerSecond();
    }
  }

  /** The report as tables for people. */
  public void print(PrintStream out) {
    out.printf(
        Locale.ROOT, "%noncelane bench load — %s; median of %d repeat(s)%n", temporal, repeats);
    out.printf(
        Locale.ROOT,
        "machine: %d cores, %.0f GiB; load average %.2f before, %.2f after%n%n",
        machine.cores(),
        machine.memoryGib(),
        machine.loadAverageBefore(),
        machine.loadAverageAfter());
    out.printf(
        "Relay acknowledgement, open loop, %d s per rate; latency from the scheduled send time%n",
        secondsPerRate);
    out.printf(
        "%-10s %9s %10s %9s %9s %9s %11s %6s %6s %6s %6s %6s %6s %14s%n",
        "kind",
        "offered/s",
        "achieved/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "unexpected",
        "202",
        "200",
        "503",
        "shed",
        "other",
        "none",
        "503 re-sent ok");
    for (AckResult row : ack) {
      AckResult.Answers answers = row.answers();
      AckResult.Resent resent = row.resent();
      out.printf(
          Locale.ROOT,
          "%-10s %9.0f %10.1f %9.1f %9.1f %9.1f %11d %6d %6d %6d %6d %6d %6d %14s%n",
          row.kind(),
          row.offeredPerSecond(),
          row.achievedPerSecond(),
          row.p50Ms(),
          row.p95Ms(),
          row.p99Ms(),
          row.unexpected(),
          answers.accepted(),
          answers.duplicate(),
          answers.unavailable(),
          answers.shed(),
          answers.other(),
          answers.none(),
          resent.sent() == 0 ? "-" : resent.asExpected() + "/" + resent.sent());
    }
    out.println(
        "  shed: of the 503s, those answered relay_overloaded"
            + " (the rest: Temporal did not take the start)");
    out.println(
        "  503 re-sent ok: deliveries answered 503, sent again after the offer (retrying 503s as a"
            + " sender does), answered as expected: 202 for a new event shows the 503 left no run");
    out.printf(
        "%nSaturation, fault-free sandbox, %d events each, side by side on one server%n",
        oncelane.events());
    out.printf("%-34s %10s %9s %9s %11s%n", "lane", "events/s", "p50 ms", "p95 ms", "unfinished");
    List<Saturation> rows = new java.util.ArrayList<>(List.of(bare, oncelane, withoutNewestWins));
    if (encrypted != null) {
      rows.add(encrypted);
    }

    for (Saturation row : rows) {
      out.printf(
          Locale.ROOT,
          "%-34s %10.1f %9.0f %9.0f %11d%n",
          switch (row.lane()) {
            case "bare" -> "bare workflow + no-op activity";
            case "oncelane-encrypted" -> "oncelane, payloads encrypted";
            case "oncelane-without-newest-wins" -> "oncelane without newest wins";
            default -> "oncelane (relay → ledger settled)";
          },
          row.eventsPerSecond(),
          row.p50Ms(),
          row.p95Ms(),
          row.unfinished());
    }
    out.println(
        "  latency: oncelane from the ledger's created_at to the settling write; bare from the"
            + " start call to the result, queueing behind the other starts included");
    out.printf(Locale.ROOT, "%-34s %10.2f%n", "oncelane / bare", ratio);
    out.printf(Locale.ROOT, "%-34s %10.2f%n", "without newest wins / bare", withoutNewestWinsRatio);
    out.printf(
        Locale.ROOT,
        "%-34s %10.2f  (target ≥ 0.90)%n",
        "newest wins / without",
        newestWinsOverWithout);
    if (encrypted != null) {
      out.printf(Locale.ROOT, "%-34s %10.2f%n", "oncelane encrypted / bare", encryptedRatio);
      out.printf(Locale.ROOT, "%-34s %10.2f%n", "encrypted / plain oncelane", codecRatio);
    }
    out.printf(
        "%nOne contact: %d events for one email, from %d senders at once%n",
        oneContact.events(), LoadRun.SENDERS);
    out.printf(
        Locale.ROOT,
        "%-34s %10.1f %9.0f %9.0f %11d%n",
        "oncelane, one contact",
        oneContact.eventsPerSecond(),
        oneContact.p50Ms(),
        oneContact.p95Ms(),
        oneContact.unfinished());
    out.printf(Locale.ROOT, "%-34s %10.2f%n", "one contact / bare", oneContactRatio);
    out.printf(Locale.ROOT, "%-34s %10.2f%n", "CRM calls per unique event", crmCallsPerEvent);
    out.printf(Locale.ROOT, "%-34s %10.0f%n", "worker peak RSS (VmHWM), MiB", workerPeakRssMib);
    out.printf(Locale.ROOT, "%ntook %.0f s; data and logs in %s%n", seconds, dataDir);
  }
}
