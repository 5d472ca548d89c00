package dev.oncelane.workers.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workers.bench.chaos.ChaosOptions;
import dev.oncelane.workers.bench.chaos.ChaosReport;
import dev.oncelane.workers.bench.chaos.ChaosRun;
import dev.oncelane.workers.it.RealTemporal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small chaos run on the real Temporal dev server: a few hundred deliveries under the issue's
 * faults, the worker process SIGKILLed and restarted once. Asserts the invariants, never the speed.
 */
class ChaosRunIT {

  @TempDir Path dataDir;

  @Test
  void invariantsHoldUnderFaultsAndAWorkerKill() throws Exception {
    Path temporal = RealTemporal.binaryOrSkip();
    Path jar = Path.of(System.getProperty("oncelane.jar", "target/oncelane.jar"));
    assertTrue(Files.isRegularFile(jar), "the shaded jar must be built first: " + jar);

    ChaosReport report =
        new ChaosRun(
                new ChaosOptions(
                    100,
                    7,
                    1,
                    Optional.of(temporal),
                    jar,
                    dataDir,
                    ChaosOptions.defaultFaults(),
                    false,
                    Duration.ofMinutes(8)),
                System.out)
            .run();
    report.print(System.out);

    assertEquals(1, report.workerKills(), "the worker was killed and restarted once");
    assertTrue(report.deliveries() >= 250, "a few hundred deliveries: " + report.deliveries());
    for (ChaosReport.Invariant invariant : report.invariants()) {
      assertEquals(invariant.of(), invariant.holding(), invariant.name());
    }
    assertEquals(6, report.invariants().size());
    ChaosReport.LaneResult oncelane = report.lanes().get(0);
    assertEquals(0, oncelane.eventsLost());
    assertEquals(0, oncelane.contactsDuplicated());
    assertEquals(10, oncelane.inReview(), "5 invalid emails and 5 hidden contacts");
  }
}
