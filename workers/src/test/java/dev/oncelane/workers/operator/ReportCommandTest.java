package dev.oncelane.workers.operator;

import static dev.oncelane.workflows.ledger.SyncStatus.COMPLETED;
import static dev.oncelane.workflows.ledger.SyncStatus.DISCARDED;
import static dev.oncelane.workflows.ledger.SyncStatus.FAILED;
import static dev.oncelane.workflows.ledger.SyncStatus.MANUAL_REVIEW;
import static dev.oncelane.workflows.ledger.SyncStatus.PROCESSING;
import static dev.oncelane.workflows.ledger.SyncStatus.RESOLVED_AFTER_409;
import static dev.oncelane.workflows.ledger.SyncStatus.SKIPPED_DUPLICATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerSchema;
import dev.oncelane.workflows.ledger.SyncStatus;
import dev.oncelane.workflows.ledger.Transition;
import dev.oncelane.workflows.sync.ContactEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code oncelane report --json} over a ledger seeded with a known mix of events. */
class ReportCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The window starts at T0; every event of the mix arrives then. */
  private static final long T0 = Instant.now().minus(Duration.ofHours(2)).toEpochMilli();

  @TempDir Path dataDir;
  private HikariDataSource data;
  private String url;

  @BeforeEach
  void openLedger() {
    url = LedgerDataSources.defaultUrl(dataDir);
    data = LedgerDataSources.open(url);
    LedgerSchema.create(data);
  }

  @AfterEach
  void closeLedger() {
    data.close();
  }

  @Test
  void figuresFollowTheMixOfEvents() throws Exception {
    // Before the window: must not count.
    begin("generic:old", T0 - Duration.ofDays(10).toMillis());
    record("generic:old", 3, PROCESSING, COMPLETED, null, "lane", 5, 1_000);
    // Created directly: 1 write, settled after 1 s.
    begin("generic:e1", T0);
    record("generic:e1", 3, PROCESSING, COMPLETED, null, "oncelane", 1, 1_000);
    // 409 resolved by the lane: 2 writes, settled after 3 s.
    begin("generic:e2", T0);
    record("generic:e2", 3, PROCESSING, RESOLVED_AFTER_409, null, "oncelane", 2, 3_000);
    // 409 nobody resolved: open review.
    begin("typeform:e3", T0);
    record("typeform:e3", 3, PROCESSING, MANUAL_REVIEW, "unresolved_conflict", "oncelane", 1, 500);
    // Validation error, discarded by bob after 5 s.
    begin("generic:e4", T0);
    record("generic:e4", 3, PROCESSING, MANUAL_REVIEW, "validation_error", "oncelane", 1, 400);
    record("generic:e4", 4, MANUAL_REVIEW, DISCARDED, null, "bob", 1, 5_000);
    // Completed after 2 s, then redelivered late.
    begin("generic:e5", T0);
    record("generic:e5", 3, PROCESSING, COMPLETED, null, "oncelane", 1, 2_000);
    record("generic:e5", 4, COMPLETED, SKIPPED_DUPLICATE, null, "oncelane", 1, 9_000);

    CliRun run =
        CliRun.of(
            "report",
            "--json",
            "--ledger-url",
            url,
            "--since",
            Instant.ofEpochMilli(T0).toString());

    assertEquals(0, run.exitCode(), run.toString());
    JsonNode report = JSON.readTree(run.out());
    JsonNode ledger = report.path("ledger");
    assertEquals(5, ledger.path("events").asInt());
    assertEquals(6, ledger.path("crmWrites").asLong());
    assertEquals(2, ledger.path("conflicts").asInt());
    assertEquals(2 * 1000.0 / 6, ledger.path("conflictsPerThousandWrites").asDouble(), 1e-9);
    assertEquals(1, ledger.path("conflictsResolvedByLane").asInt());
    assertEquals(0.5, ledger.path("resolvedAfter409Rate").asDouble(), 1e-9);
    assertEquals(1, ledger.path("openReviews").asInt());
    // typeform:e3 entered review 500 ms after T0, which is two hours ago.
    long oldestAge = ledger.path("oldestOpenReviewAgeMillis").asLong();
    assertTrue(oldestAge >= Duration.ofHours(2).toMillis() - 500, ledger.toString());
    assertTrue(oldestAge < Duration.ofHours(3).toMillis(), ledger.toString());
    assertEquals(1, ledger.path("lateRedeliveries").asInt());
    assertEquals(4, ledger.path("settledEvents").asInt());
    assertEquals(2_000, ledger.path("latencyP50Millis").asLong());
    assertEquals(5_000, ledger.path("latencyP95Millis").asLong());
    assertEquals(
        Map.of("completed", 2, "resolved_after_409", 1, "manual_review", 1, "discarded", 1),
        JSON.convertValue(ledger.path("byStatus"), Map.class));
    assertEquals(
        Map.of("unresolved_conflict", 1, "validation_error", 1),
        JSON.convertValue(ledger.path("byReason"), Map.class));
    JsonNode relay = report.path("relay");
    assertFalse(relay.path("available").asBoolean());
    assertTrue(relay.path("note").asText().contains("--relay-url"), relay.toString());
  }

  @Test
  void staleSkipsAreCounted() throws Exception {
    begin("generic:fresh", T0);
    record("generic:fresh", 3, PROCESSING, COMPLETED, null, "oncelane", 1, 1_000);
    begin("generic:stale", T0);
    record("generic:stale", 3, PROCESSING, SyncStatus.SKIPPED_STALE, null, "oncelane", 0, 500);
    String since = Instant.ofEpochMilli(T0).toString();

    CliRun text = CliRun.of("report", "--ledger-url", url, "--since", since);
    CliRun json = CliRun.of("report", "--json", "--ledger-url", url, "--since", since);

    assertEquals(0, text.exitCode(), text.toString());
    assertTrue(text.out().contains("stale skips            1 "), text.out());
    assertEquals(
        1, JSON.readTree(json.out()).path("ledger").path("byStatus").path("skipped_stale").asInt());
  }

  @Test
  void laneErrorsAndReusedKeysAreCounted() throws Exception {
    begin("generic:f1", T0);
    record("generic:f1", 3, PROCESSING, FAILED, "lane_error", "oncelane", 0, 100);
    begin("generic:k1", T0);
    record("generic:k1", 3, PROCESSING, COMPLETED, null, "oncelane", 1, 100);
    record("generic:k1", 4, COMPLETED, MANUAL_REVIEW, "key_reused", "oncelane", 1, 200);

    CliRun run =
        CliRun.of(
            "report",
            "--json",
            "--ledger-url",
            url,
            "--since",
            Instant.ofEpochMilli(T0).toString());

    JsonNode ledger = JSON.readTree(run.out()).path("ledger");
    assertEquals(1, ledger.path("laneErrors").asInt(), run.toString());
    assertEquals(1, ledger.path("keyReused").asInt(), run.toString());
    assertEquals(
        Map.of("lane_error", 1, "key_reused", 1),
        JSON.convertValue(ledger.path("byReason"), Map.class));
    CliRun text = CliRun.of("report", "--ledger-url", url, "--since", "1d");
    assertTrue(text.out().contains("lane errors            1"), text.out());
    assertTrue(text.out().contains("reused keys            1"), text.out());
  }

  @Test
  void relayCountersAreSummedOverSourcesFromItsMetrics() {
    RelayCounters counters =
        RelayCounters.parse(
            """
            # HELP oncelane_relay_duplicates_total Deliveries answered as duplicates
            # TYPE oncelane_relay_duplicates_total counter
            oncelane_relay_duplicates_total{source="generic"} 3.0
            oncelane_relay_duplicates_total{source="typeform"} 4.0
            oncelane_relay_payload_mismatches_total{source="generic"} 1.0
            oncelane_relay_requests_total{outcome="accepted",source="generic",status="202"} 9.0
            """);
    assertTrue(counters.available());
    assertEquals(7L, counters.duplicateDeliveries());
    assertEquals(1L, counters.payloadMismatches());
  }

  @Test
  void aSinceThatIsNeitherAnAgeNorAnInstantIsAUsageError() {
    CliRun run = CliRun.of("report", "--ledger-url", url, "--since", "yesterday");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("--since"), run.toString());
  }

  private void begin(String id, long at) {
    ledgerAt(at)
        .begin(new ContactEvent(id, id.split(":")[0], id + "@example.com", Map.of(), null, "h"));
  }

  private void record(
      String id,
      int seq,
      SyncStatus from,
      SyncStatus to,
      String reason,
      String actor,
      int writes,
      long afterMillis) {
    long created = new JdbcLedger(data).find(id).orElseThrow().createdAtMillis();
    ledgerAt(created + afterMillis)
        .record(
            new Transition(
                id,
                seq,
                from,
                to,
                created + afterMillis,
                actor,
                reason,
                null,
                "step",
                null,
                writes));
  }

  private JdbcLedger ledgerAt(long at) {
    return new JdbcLedger(data, Clock.fixed(Instant.ofEpochMilli(at), ZoneOffset.UTC));
  }
}
