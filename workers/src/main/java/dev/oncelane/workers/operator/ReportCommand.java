package dev.oncelane.workers.operator;

import static dev.oncelane.workers.operator.OperatorOutput.decimal;
import static dev.oncelane.workers.operator.OperatorOutput.orDash;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.workers.config.Durations;
import dev.oncelane.workers.metrics.LaneFigures;
import dev.oncelane.workers.metrics.LaneReport;
import dev.oncelane.workflows.ledger.SyncStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code oncelane report}: the figures the lane exists to improve, from the ledger. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "409 rate per 1,000 writes, resolved-after-409 rate, review queue, late redeliveries,"
            + " lane errors, reused keys,"
            + " event-to-terminal latency and outcomes, for the events received since --since."
            + " Duplicate deliveries and payload mismatches come from the relay (--relay-url).")
public final class ReportCommand implements Callable<Integer> {

  @Option(
      names = "--since",
      defaultValue = "24h",
      paramLabel = "AGE|INSTANT",
      description =
          "events received since: 24h, 7d, or 2026-01-31T00:00:00Z (default ${DEFAULT-VALUE})")
  String since;

  @Option(
      names = "--relay-url",
      paramLabel = "URL",
      description = "the relay, e.g. http://127.0.0.1:8080, to read its duplicate counters")
  String relayUrl;

  @Option(names = "--json", description = "print JSON for scripts")
  boolean json;

  @Mixin LaneOptions lane;

  @Spec CommandSpec spec;

  Clock clock = Clock.systemUTC();

  /** The report: the ledger's figures and the relay's counters. */
  record Report(LaneReport ledger, RelayCounters relay) {}

  @Override
  public Integer call() {
    long now = clock.millis();
    long sinceMillis = sinceMillis(now);
    LaneReport figures;
    try (HikariDataSource data = lane.openLedger()) {
      figures = LaneFigures.fromLedger(new JdbcLedger(data), sinceMillis, now);
    }
    RelayCounters relay =
        relayUrl == null ? RelayCounters.notAsked() : RelayCounters.scrape(relayUrl);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      OperatorOutput.json(out, new Report(figures, relay));
    } else {
      print(out, figures, relay);
    }
    return 0;
  }

  private long sinceMillis(long now) {
    String text = since.trim();
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException notAnInstant) {
      try {
        return now - Durations.parse(text, "--since").toMillis();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--since: '" + since + "' is neither an age (24h, 7d) nor an ISO instant");
      }
    }
  }

  private static void print(PrintWriter out, LaneReport r, RelayCounters relay) {
    out.printf(
        "oncelane report: %d events received %s .. %s%n",
        r.events(),
        OperatorOutput.instant(r.sinceMillis()),
        OperatorOutput.instant(r.untilMillis()));
    out.printf(
        "  409 rate               %s per 1,000 CRM writes (%d conflicts / %d writes)%n",
        decimal(r.conflictsPerThousandWrites()), r.conflicts(), r.crmWrites());
    out.printf(
        "  resolved after 409     %s (%d of %d by the lane itself)%n",
        r.resolvedAfter409Rate() == null
            ? "-"
            : String.format(java.util.Locale.ROOT, "%.1f%%", r.resolvedAfter409Rate() * 100),
        r.conflictsResolvedByLane(),
        r.conflicts());
    out.printf(
        "  open reviews           %d (oldest waiting %s)%n",
        r.openReviews(),
        r.oldestOpenReviewAgeMillis() == null
            ? "-"
            : OperatorOutput.age(r.oldestOpenReviewAgeMillis()));
    out.printf(
        "  latency to terminal    p50 %s, p95 %s (%d settled)%n",
        millis(r.latencyP50Millis()), millis(r.latencyP95Millis()), r.settledEvents());
    out.printf("  late redeliveries      %d (caught by the ledger)%n", r.lateRedeliveries());
    out.printf(
        "  lane errors            %d (failed; ./oncelane rerun runs one again)%n", r.laneErrors());
    out.printf("  reused keys            %d (another payload after retention)%n", r.keyReused());
    out.printf(
        "  stale skips            %d (newer events had written every property: nothing written)%n",
        r.byStatus().getOrDefault(SyncStatus.SKIPPED_STALE.code(), 0));
    out.printf(
        "  duplicate deliveries   %s, payload mismatches %s (%s)%n",
        orDash(relay.duplicateDeliveries()), orDash(relay.payloadMismatches()), relay.note());
    out.println("  by status              " + r.byStatus());
    out.println("  by reason              " + r.byReason());
    out.flush();
  }

  private static String millis(Long value) {
    return value == null ? "-" : value + " ms";
  }
}
