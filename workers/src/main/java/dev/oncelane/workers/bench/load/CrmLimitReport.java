package dev.oncelane.workers.bench.load;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What {@code bench load --crm-limit} measured: one row per limit × batching mode.
 *
 * @param temporal which Temporal server ran
 * @param rows the measurements, in the order they ran
 * @param seconds how long the measurements took
 * @param dataDir where their data and logs are
 */
public record CrmLimitReport(
    String temporal, List<CrmLimitRow> rows, double seconds, String dataDir) {

  public CrmLimitReport {
    rows = List.copyOf(rows);
  }

  /** The report as a table for people. */
  public void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%nCRM budget — %s; the sandbox enforces each limit per rolling 10 s (HubSpot's 429 body,"
            + " headers and Retry-After), the workers get it as ONCELANE_CRM_BUDGET_PER_10S%n",
        temporal);
    out.printf(
        "%-7s %-8s %7s %7s %9s %9s %8s %9s %9s %7s %7s %6s %10s%n",
        "limit",
        "batching",
        "workers",
        "events",
        "events/s",
        "2-call ≤",
        "bare/s",
        "ratio",
        "calls/ev",
        "429s",
        "429 %",
        "batch",
        "unfinished");
    for (CrmLimitRow row : rows) {
      out.printf(
          Locale.ROOT,
          "%-7s %-8s %7d %7s %9.2f %9s %8.1f %9.3f %9.2f %7d %7.1f %6.1f %10d%n",
          row.limitPer10s() == 0 ? "none" : Integer.toString(row.limitPer10s()),
          row.batching(),
          row.workers(),
          row.events() + (row.burst() ? "*" : ""),
          row.oncelane().eventsPerSecond(),
          row.limitPer10s() == 0 ? "—" : String.format(Locale.ROOT, "%.2f", row.twoCallCeiling()),
          row.bare().eventsPerSecond(),
          row.ratio(),
          row.callsPerEvent(),
          row.crm().rateLimited(),
          100 * row.crm().rateLimitedShare(),
          row.crm().meanBatchSize(),
          row.oncelane().unfinished());
    }
    out.println(
        "  2-call ≤: the ceiling at two CRM requests per event (limit / 10 s / 2); ratio: oncelane"
            + " over the bare workflow saturated just before on the same server; calls/ev: CRM"
            + " requests not refused, per unique event; 429 %: 429s among all CRM requests; batch:"
            + " inputs per batch request (0: none made)");
    if (rows.stream().anyMatch(CrmLimitRow::burst)) {
      out.printf(
          "  *: a burst, %d × the limit in events (each one contact) offered at once from %d"
              + " senders%n",
          CrmLimitRun.BURST_FACTOR, LoadRun.SENDERS);
    }
    out.printf(Locale.ROOT, "took %.0f s; data and logs in %s%n", seconds, dataDir);
  }
}
