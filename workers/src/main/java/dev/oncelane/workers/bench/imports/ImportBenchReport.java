package dev.oncelane.workers.bench.imports;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code bench import} measured and checked.
 *
 * @param temporal which Temporal server ran
 * @param file the rows: counts by kind, the seed
 * @param crmLimit the sandbox's burst limit and the workers' budget, requests per 10 s; 0: none
 * @param faults the sandbox's other faults, as given
 * @param imported the import half
 * @param reImport the same file imported again
 * @param webhooks the same rows sent as webhooks, or null when not run
 * @param liveAlone live webhooks' settle latency with nothing else running, or null
 * @param liveDuringImport the same during the import, or null
 * @param checks what must hold, each with its outcome
 * @param seconds how long the whole run took
 * @param dataDir where the file, the result file, the ledger and the logs are
 */
public record ImportBenchReport(
    String temporal,
    FileRows file,
    int crmLimit,
    String faults,
    Half imported,
    ReImport reImport,
    Half webhooks,
    SettleLatency liveAlone,
    SettleLatency liveDuringImport,
    List<Check> checks,
    double seconds,
    String dataDir) {

  public ImportBenchReport {
    checks = List.copyOf(checks);
  }

  /**
   * The generated file.
   *
   * @param rows data rows
   * @param invalid rows with an invalid email
   * @param repeated exact copies of an earlier row
   * @param existing rows for contacts the CRM had before (seeded with other values)
   * @param seed the seed
   */
  public record FileRows(int rows, int invalid, int repeated, int existing, long seed) {

    static FileRows of(ProofRows rows) {
      return new FileRows(
          rows.rows().size(),
          rows.ofKind(ProofRows.Kind.INVALID_EMAIL).size(),
          rows.ofKind(ProofRows.Kind.REPEATED).size(),
          rows.ofKind(ProofRows.Kind.EXISTING).size(),
          rows.seed());
    }
  }

  /**
   * One half of the side-by-side run.
   *
   * @param lane {@code import} or {@code webhooks}
   * @param rows rows of the file it carried
   * @param events distinct events the lane ran (a repeated row is its original's event; the
   *     webhooks half also runs the invalid rows, which the CRM refuses)
   * @param seconds from the first row handed over (the import's submit, the first webhook) to the
   *     last settling ledger write
   * @param calls the CRM requests it cost
   * @param completed events settled with their values written
   * @param inReview events waiting for a person
   * @param unfinished events not settled nor in review by the deadline
   * @param workerKills SIGKILLs of the worker (each followed by a restart) during the half
   * @param contacts what the CRM holds for its rows
   */
  public record Half(
      String lane,
      int rows,
      int events,
      double seconds,
      CrmCalls calls,
      int completed,
      int inReview,
      int unfinished,
      int workerKills,
      ContactAudit contacts) {

    /** Rows of the file per second. */
    @JsonProperty("rowsPerSecond")
    public double rowsPerSecond() {
      return seconds <= 0 ? 0 : rows / seconds;
    }

    /** CRM requests not refused for the rate limit, per row of the file. */
    @JsonProperty("callsPerRow")
    public double callsPerRow() {
      return calls.perRow(rows);
    }
  }

  /**
   * The same file imported again.
   *
   * @param sameImport whether it named the import already stored (same id)
   * @param started rows whose workflow the second run started
   * @param duplicates rows whose workflow id already had a run
   * @param calls the CRM requests made while it ran
   */
  public record ReImport(boolean sameImport, int started, int duplicates, CrmCalls calls) {}

  /**
   * How long live webhooks took to settle.
   *
   * @param events webhooks sent
   * @param unsettled of those, refused by the relay or not settled by the deadline
   * @param p50Ms median, from the send to the settling ledger write, milliseconds
   * @param p95Ms 95th percentile of the same
   */
  public record SettleLatency(int events, int unsettled, double p50Ms, double p95Ms) {}

  /**
   * One checked property.
   *
   * @param name what must hold
   * @param ok whether it held
   * @param detail the counts behind it, e.g. {@code 9,405/9,405}
   */
  public record Check(String name, boolean ok, String detail) {

    static Check counted(String name, long holding, long of) {
      return new Check(name, holding == of, holding + "/" + of);
    }
  }

  /** True when every check holds. */
  @JsonProperty("ok")
  public boolean ok() {
    return checks.stream().allMatch(Check::ok);
  }

  /** The report for people. */
  public void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%nbench import — %s; %,d rows (%d invalid emails, %d repeated, %d for existing"
            + " contacts), seed %d; sandbox: %s per 10 s, %s%n%n",
        temporal,
        file.rows(),
        file.invalid(),
        file.repeated(),
        file.existing(),
        file.seed(),
        crmLimit == 0 ? "no limit" : Integer.toString(crmLimit),
        faults);
    for (Check check : checks) {
      out.printf(
          Locale.ROOT,
          "  %-4s %-72s %s%n",
          check.ok() ? "ok" : "FAIL",
          check.name(),
          check.detail());
    }
    out.printf(
        "%n  %-9s %7s %7s %9s %8s %9s %10s %6s %10s %9s %10s %6s%n",
        "lane",
        "rows",
        "events",
        "seconds",
        "rows/s",
        "CRM calls",
        "calls/row",
        "429s",
        "completed",
        "in review",
        "unfinished",
        "kills");
    List<Half> halves = new ArrayList<>();
    halves.add(imported);
    if (webhooks != null) {
      halves.add(webhooks);
    }
    for (Half half : halves) {
      out.printf(
          Locale.ROOT,
          "  %-9s %7d %7d %9.1f %8.2f %9d %10.3f %6d %10d %9d %10d %6d%n",
          half.lane(),
          half.rows(),
          half.events(),
          half.seconds(),
          half.rowsPerSecond(),
          half.calls().admitted(),
          half.callsPerRow(),
          half.calls().rateLimited(),
          half.completed(),
          half.inReview(),
          half.unfinished(),
          half.workerKills());
    }
    if (webhooks != null && webhooks.rowsPerSecond() > 0) {
      out.printf(
          Locale.ROOT,
          "  import / webhooks: %.2f × the rows/s, %.2f × the CRM calls per row%n",
          imported.rowsPerSecond() / webhooks.rowsPerSecond(),
          webhooks.callsPerRow() == 0 ? 0 : imported.callsPerRow() / webhooks.callsPerRow());
    }
    out.printf(
        "  re-import of the same file: %s, %d started, %d already run, %d CRM requests (%d"
            + " writes)%n",
        reImport.sameImport() ? "same import id" : "A NEW IMPORT ID",
        reImport.started(),
        reImport.duplicates(),
        reImport.calls().requests(),
        reImport.calls().writes());
    if (liveAlone != null && liveDuringImport != null) {
      out.printf(
          Locale.ROOT,
          "  live webhooks, one every %d s, send → settled: alone p50 %.0f / p95 %.0f ms (%d);"
              + " during the import p50 %.0f / p95 %.0f ms (%d)%n",
          Trickle.PERIOD.toSeconds(),
          liveAlone.p50Ms(),
          liveAlone.p95Ms(),
          liveAlone.events(),
          liveDuringImport.p50Ms(),
          liveDuringImport.p95Ms(),
          liveDuringImport.events());
    }
    out.println(
        "  rows/s: rows of the file over the time from handing the first row over to the last"
            + " settling ledger write; calls/row: CRM requests not answered 429, per row");
    out.printf(
        Locale.ROOT,
        "%n  took %.0f s; data and logs in %s%n  %s%n",
        seconds,
        dataDir,
        ok() ? "ALL CHECKS HOLD" : "BROKEN");
  }
}
