package dev.oncelane.workers.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void percentileIsTheNearestRankOfAMeasuredValue() {
    double[] hundred = new double[100];
    for (int i = 0; i < 100; i++) {
      hundred[99 - i] = i + 1; // 1..100, unsorted on purpose
    }
    assertEquals(50, Stats.percentile(hundred, 50));
    assertEquals(95, Stats.percentile(hundred, 95));
    assertEquals(99, Stats.percentile(hundred, 99));
    assertEquals(100, Stats.percentile(hundred, 100));
  }

  @Test
  void aFewValuesRoundTheRankUp() {
    double[] values = {30, 10, 20};
    assertEquals(20, Stats.percentile(values, 50));
    assertEquals(30, Stats.percentile(values, 95));
    assertEquals(10, Stats.percentile(values, 1));
  }

  @Test
  void percentileRefusesNothingAndNonsense() {
    assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new double[0], 50));
    assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new double[] {1}, 0));
    assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new double[] {1}, 101));
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(2, Stats.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 3.0, 2.0)));
    assertThrows(IllegalArgumentException.class, () -> Stats.median(List.of()));
  }

  @Test
  void ratePerSecondOverNanoseconds() {
    assertEquals(200, Stats.perSecond(100, 500_000_000L), 1e-9);
    assertEquals(0, Stats.perSecond(100, 0));
  }
}
