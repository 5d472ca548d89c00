package dev.oncelane.workers.bench.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.oncelane.sandbox.FaultConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImportBenchOptionsTest {

  @Test
  void theIssuesFaultsAreCommitThenDropServerErrorsAndSearchLagWithoutALimit() {
    assertEquals(
        FaultConfig.none()
            .withCommitThenDropRate(0.15)
            .withServerErrorRate(0.05)
            .withSearchLagMs(2000),
        ImportBenchOptions.issueFaults());
  }

  @Test
  void noneMeansNoFaultAndALatencyRangeIsMinDashMax() {
    assertEquals(FaultConfig.none(), ImportBenchOptions.parseFaults("none"));
    assertEquals(
        FaultConfig.none().withLatency(5, 20), ImportBenchOptions.parseFaults("latency-ms=5-20"));
  }

  @Test
  void anUnknownFaultOrAProbabilityAboveOneIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> ImportBenchOptions.parseFaults("meteor=0.1"));
    assertThrows(
        IllegalArgumentException.class, () -> ImportBenchOptions.parseFaults("server-error=1.5"));
    assertThrows(
        IllegalArgumentException.class, () -> ImportBenchOptions.parseFaults("server-error"));
  }

  @Test
  void aKillFractionOfOneOrFewerThanAHundredRowsIsRefused() {
    ImportBenchOptions.Builder builder =
        ImportBenchOptions.builder().workerJar(Path.of("o.jar")).dataDir(Path.of("d"));
    assertThrows(IllegalArgumentException.class, () -> builder.killWorkerAt(1).build());
    assertThrows(IllegalArgumentException.class, () -> builder.killWorkerAt(0.5).rows(99).build());
    assertEquals(300, builder.rows(300).build().rows());
  }
}
