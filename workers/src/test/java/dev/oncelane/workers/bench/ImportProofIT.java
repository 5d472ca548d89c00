package dev.oncelane.workers.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workers.bench.imports.ImportBenchOptions;
import dev.oncelane.workers.bench.imports.ImportBenchReport;
import dev.oncelane.workers.bench.imports.ImportRun;
import dev.oncelane.workers.it.RealTemporal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13's import proof at CI size, on the real Temporal dev server: the same code as {@code
 * bench import}, 300 generated rows (3 invalid emails, 6 repeated rows, 15 rows for contacts the
 * CRM already has) imported under HubSpot's burst limit and the faults, the worker process
 * SIGKILLed and restarted half way; then the same file imported again. The webhook half and the
 * live trickle are {@code bench import}'s, not CI's.
 */
class ImportProofIT {

  @TempDir Path dataDir;

  @Test
  void anImportSurvivesAWorkerKillWritesEveryValidRowOnceAndWritesNothingWhenRunAgain()
      throws Exception {
    Path temporal = RealTemporal.binaryOrSkip();
    Path jar = Path.of(System.getProperty("oncelane.jar", "target/oncelane.jar"));
    assertTrue(Files.isRegularFile(jar), "the shaded jar must be built first: " + jar);

    ImportBenchReport report =
        new ImportRun(
                ImportBenchOptions.builder()
                    .rows(300)
                    .killWorkerAt(0.5)
                    .webhooks(false)
                    .trickle(false)
                    .temporalBinary(Optional.of(temporal))
                    .workerJar(jar)
                    .dataDir(dataDir)
                    .settleTimeout(Duration.ofMinutes(8))
                    .build(),
                System.out)
            .run();
    report.print(System.out);

    ImportBenchReport.Half imported = report.imported();
    assertEquals(1, imported.workerKills(), "the worker was killed and restarted once");
    assertEquals(300 - 3 - 6, imported.contacts().expected());
    assertEquals(
        imported.contacts().expected(),
        imported.contacts().presentOnce(),
        "every valid row's values once: " + imported.contacts().missing());
    assertEquals(0, imported.contacts().duplicated(), "no contact duplicated");
    assertEquals(imported.events(), imported.completed(), "every event settled, none in review");
    assertTrue(report.reImport().sameImport(), "the same file is the same import");
    assertEquals(0, report.reImport().started(), "no row started again");
    assertEquals(0, report.reImport().calls().writes(), "re-import: 0 CRM writes");
    for (ImportBenchReport.Check check : report.checks()) {
      assertTrue(check.ok(), check.name() + ": " + check.detail());
    }
  }
}
