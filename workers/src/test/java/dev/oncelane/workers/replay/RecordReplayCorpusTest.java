package dev.oncelane.workers.replay;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.oncelane.workers.it.RealTemporal;
import dev.oncelane.workers.temporal.TemporalCliServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the replay corpus from real runs: the real Temporal dev server ({@code temporal server
 * start-dev}), the worker's real activities against the HubSpot sandbox and a SQLite ledger. It
 * runs only when asked:
 *
 * <pre>
 * ./mvnw -B -pl workers -am test -Dtest=RecordReplayCorpusTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Doncelane.recordCorpus=$PWD/workflows/src/test/resources/replay/v1 \
 *     [-Doncelane.recordScenarios=create,review-expired]
 * </pre>
 *
 * One dynamic test per scenario; a scenario whose file exists is skipped, never overwritten.
 */
@EnabledIfSystemProperty(named = RecordReplayCorpusTest.FOLDER_PROPERTY, matches = ".+")
class RecordReplayCorpusTest {

  static final String FOLDER_PROPERTY = "oncelane.recordCorpus";
  static final String SCENARIOS_PROPERTY = "oncelane.recordScenarios";

  @TempDir static Path dataDir;

  private static TemporalCliServer temporal;
  private static CorpusLane lane;

  @BeforeAll
  static void startLane() throws Exception {
    temporal = RealTemporal.start(dataDir.resolve("temporal"));
    lane = new CorpusLane(temporal.address(), dataDir);
  }

  @AfterAll
  static void stopLane() {
    if (lane != null) {
      lane.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyPathIsRecordedFromARealRun() {
    Path folder = Path.of(System.getProperty(FOLDER_PROPERTY)).toAbsolutePath();
    ReplayCorpusRecorder recorder = new ReplayCorpusRecorder(lane, folder);
    return selected().stream()
        .map(
            scenario ->
                DynamicTest.dynamicTest(
                    scenario.name() + ": " + scenario.path(),
                    () -> {
                      assumeFalse(
                          Files.exists(recorder.target(scenario)),
                          "kept " + recorder.target(scenario) + " (never overwritten)");
                      Path written = recorder.record(scenario);
                      System.out.println("recorded " + written);
                    }));
  }

  private static List<CorpusScenario> selected() {
    String only = System.getProperty(SCENARIOS_PROPERTY, "");
    if (only.isBlank()) {
      return CorpusScenarios.all();
    }
    Set<String> names =
        Arrays.stream(only.split(",")).map(String::trim).collect(Collectors.toSet());
    List<CorpusScenario> chosen =
        CorpusScenarios.all().stream().filter(s -> names.contains(s.name())).toList();
    if (chosen.size() != names.size()) {
      throw new IllegalArgumentException(
          "unknown scenario in "
              + only
              + "; known: "
              + CorpusScenarios.all().stream().map(CorpusScenario::name).toList());
    }
    return chosen;
  }
}
