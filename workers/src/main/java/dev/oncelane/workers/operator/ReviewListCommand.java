package dev.oncelane.workers.operator;

import static dev.oncelane.workers.operator.OperatorOutput.orDash;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.workers.config.Durations;
import dev.oncelane.workflows.review.ReviewReason;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code oncelane review list}: the open reviews, from the ledger, so it works on every Temporal
 * (the in-memory dev server has no visibility queries).
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the events waiting in manual review, longest waiting first.")
public final class ReviewListCommand implements Callable<Integer> {

  @Option(
      names = "--reason",
      description =
          "only this reason: unresolved_conflict, validation_error, object_gone, key_reused")
  String reason;

  @Option(names = "--source", description = "only events from this source, e.g. typeform")
  String source;

  @Option(
      names = "--older-than",
      paramLabel = "AGE",
      description = "only reviews waiting at least this long, e.g. 30m, 2h, 3d")
  String olderThan;

  @Option(names = "--json", description = "print JSON for scripts")
  boolean json;

  @Mixin LaneOptions lane;

  @Spec CommandSpec spec;

  Clock clock = Clock.systemUTC();

  /**
   * One open review.
   *
   * @param key the conflicting key (the contact's email)
   * @param crmMessage the CRM's own words for what went wrong
   */
  record OpenReview(
      String processingId,
      String reason,
      String source,
      String key,
      String crmMessage,
      String since,
      long ageSeconds,
      String age) {}

  @Override
  public Integer call() {
    String reasonCode = reason == null ? null : parseReason(reason);
    Duration minAge = olderThan == null ? Duration.ZERO : parseAge(olderThan);
    long now = clock.millis();
    List<LedgerRow> open;
    try (HikariDataSource data = lane.openLedger()) {
      open = new JdbcLedger(data).openReviews();
    }
    List<OpenReview> reviews =
        open.stream()
            .filter(r -> reasonCode == null || reasonCode.equals(r.reason()))
            .filter(r -> source == null || source.equalsIgnoreCase(r.source()))
            .filter(r -> now - r.updatedAtMillis() >= minAge.toMillis())
            .map(
                r ->
                    new OpenReview(
                        r.processingId(),
                        r.reason(),
                        r.source(),
                        r.objectKey(),
                        r.errorPayload(),
                        OperatorOutput.instant(r.updatedAtMillis()),
                        Math.max(0, now - r.updatedAtMillis()) / 1000,
                        OperatorOutput.age(now - r.updatedAtMillis())))
            .toList();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      OperatorOutput.json(out, reviews);
      return 0;
    }
    if (reviews.isEmpty()) {
      out.println("no open reviews");
    }
    for (OpenReview r : reviews) {
      out.printf(
          "%-32s %-20s %-10s %6s  %s%n    CRM said: %s%n",
          r.processingId(),
          r.reason(),
          r.source(),
          r.age(),
          orDash(r.key()),
          orDash(r.crmMessage()));
    }
    out.flush();
    return 0;
  }

  private String parseReason(String text) {
    try {
      return ReviewReason.fromCode(text.trim()).code();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--reason: " + e.getMessage());
    }
  }

  private Duration parseAge(String text) {
    try {
      return Durations.parse(text, "--older-than");
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
