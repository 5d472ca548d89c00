package dev.oncelane.workers.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrmLimitRowTest {

  private static Saturation lane(String name, double eventsPerSecond) {
    return new Saturation(name, 100, eventsPerSecond, 0, 0, 0);
  }

  /** Three workers, 100 events; the paths are never used by the sizing methods under test. */
  private static CrmLimitOptions crmOptions(int limit, boolean burst) {
    return CrmLimitOptions.builder()
        .limits(List.of(limit))
        .workers(3)
        .events(100)
        .burst(burst)
        .workerJar(Path.of("oncelane.jar"))
        .dataDir(Path.of("data"))
        .build();
  }

  @Test
  void ratioIsOncelanesEventsPerSecondOverTheBareWorkflows() {
    CrmLimitRow row =
        CrmLimitRow.builder()
            .limitPer10s(190)
            .events(100)
            .oncelane(lane("oncelane", 9))
            .bare(lane("bare", 60))
            .crm(new CrmUsage(0, 0, 0, 0))
            .build();

    assertEquals(0.15, row.ratio(), 1e-9);
    assertEquals(9.5, row.twoCallCeiling());
  }

  @Test
  void aStarvedBudgetOfTwentyAllowsOneEventPerSecondAtTwoCallsEach() {
    CrmLimitRow row =
        CrmLimitRow.builder()
            .limitPer10s(20)
            .events(50)
            .oncelane(lane("oncelane", 0.9))
            .bare(lane("bare", 0))
            .crm(new CrmUsage(130, 30, 0, 0))
            .build();

    assertEquals(1.0, row.twoCallCeiling());
    assertEquals(2.0, row.callsPerEvent());
    assertEquals(0.0, row.ratio());
  }

  @Test
  void aBurstOffersTenTimesTheLimitInEventsAndWaitsLongerForIt() {
    CrmLimitOptions burst = crmOptions(20, true);
    CrmLimitOptions stream = crmOptions(20, false);

    assertEquals(200, burst.eventsAt(20));
    assertEquals(100, stream.eventsAt(20));
    // 200 events × 2 calls at 2 calls/s = 200 s, three times over, plus two minutes.
    assertEquals(Duration.ofSeconds(120 + 600), burst.settleTimeoutAt(20));
  }

  @Test
  void withoutALimitThereIsNoCeilingAndNoBurstToScale() {
    CrmLimitRow unlimited =
        CrmLimitRow.builder()
            .limitPer10s(0)
            .events(100)
            .oncelane(lane("oncelane", 4))
            .bare(lane("bare", 14))
            .crm(new CrmUsage(200, 0, 0, 0))
            .build();
    CrmLimitOptions burst = crmOptions(0, true);

    assertEquals(Double.POSITIVE_INFINITY, unlimited.twoCallCeiling());
    assertEquals(100, burst.eventsAt(0));
  }

  @Test
  void theReportMarksBurstRowsAndShowsThe429Share() {
    CrmLimitRow row =
        CrmLimitRow.builder()
            .limitPer10s(20)
            .batching("on")
            .workers(3)
            .burst(true)
            .events(200)
            .oncelane(lane("oncelane", 15))
            .bare(lane("bare", 50))
            .crm(new CrmUsage(40, 2, 30, 200))
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    new CrmLimitReport("in-memory Temporal", List.of(row), 1, "/tmp/x")
        .print(new PrintStream(out, true, StandardCharsets.UTF_8));

    String table = out.toString(StandardCharsets.UTF_8);
    assertEquals(
        true, table.contains("200*") && table.contains("5.0") && table.contains("6.7"), table);
  }
}
