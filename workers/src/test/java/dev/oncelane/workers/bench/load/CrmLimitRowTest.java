package dev.oncelane.workers.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrmLimitRowTest {

  private static Saturation lane(String name, double eventsPerSecond) {
    return new Saturation(name, 100, eventsPerSecond, 0, 0, 0);
  }

  @Test
  void ratioIsOncelanesEventsPerSecondOverTheBareWorkflows() {
    CrmLimitRow row =
        new CrmLimitRow(
            190,
            "off",
            1,
            false,
            100,
            lane("oncelane", 9),
            lane("bare", 60),
            new CrmUsage(0, 0, 0, 0));

    assertEquals(0.15, row.ratio(), 1e-9);
    assertEquals(9.5, row.twoCallCeiling());
  }

  @Test
  void aStarvedBudgetOfTwentyAllowsOneEventPerSecondAtTwoCallsEach() {
    CrmLimitRow row =
        new CrmLimitRow(
            20,
            "off",
            1,
            false,
            50,
            lane("oncelane", 0.9),
            lane("bare", 0),
            new CrmUsage(130, 30, 0, 0));

    assertEquals(1.0, row.twoCallCeiling());
    assertEquals(2.0, row.callsPerEvent());
    assertEquals(0.0, row.ratio());
  }

  @Test
  void aBurstOffersTenTimesTheLimitInEventsAndWaitsLongerForIt() {
    CrmLimitOptions burst =
        new CrmLimitOptions(
            List.of(20), List.of("off"), 3, 100, true, Optional.empty(), null, null);
    CrmLimitOptions stream =
        new CrmLimitOptions(
            List.of(20), List.of("off"), 3, 100, false, Optional.empty(), null, null);

    assertEquals(200, burst.eventsAt(20));
    assertEquals(100, stream.eventsAt(20));
    // 200 events × 2 calls at 2 calls/s = 200 s, three times over, plus two minutes.
    assertEquals(Duration.ofSeconds(120 + 600), burst.settleTimeoutAt(20));
  }

  @Test
  void withoutALimitThereIsNoCeilingAndNoBurstToScale() {
    CrmLimitRow unlimited =
        new CrmLimitRow(
            0,
            "off",
            1,
            false,
            100,
            lane("oncelane", 4),
            lane("bare", 14),
            new CrmUsage(200, 0, 0, 0));
    CrmLimitOptions burst =
        new CrmLimitOptions(List.of(0), List.of("off"), 3, 100, true, Optional.empty(), null, null);

    assertEquals(Double.POSITIVE_INFINITY, unlimited.twoCallCeiling());
    assertEquals(100, burst.eventsAt(0));
  }

  @Test
  void theReportMarksBurstRowsAndShowsThe429Share() {
    CrmLimitRow row =
        new CrmLimitRow(
            20,
            "on",
            3,
            true,
            200,
            lane("oncelane", 15),
            lane("bare", 50),
            new CrmUsage(40, 2, 30, 200));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    new CrmLimitReport("in-memory Temporal", List.of(row), 1, "/tmp/x")
        .print(new PrintStream(out, true, StandardCharsets.UTF_8));

    String table = out.toString(StandardCharsets.UTF_8);
    assertEquals(
        true, table.contains("200*") && table.contains("5.0") && table.contains("6.7"), table);
  }
}
