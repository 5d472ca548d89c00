package dev.oncelane.workers.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.oncelane.workers.worker.LaneWorker;
import dev.oncelane.workflows.imports.ImportWorkflowImpl;
import dev.oncelane.workflows.lock.ContactLockWorkflowImpl;
import dev.oncelane.workflows.sync.ContactSyncWorkflowImpl;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * Records one scenario's history into the replay corpus: runs it on the lane with a fresh worker,
 * fetches the run's history from Temporal, checks that it replays against today's {@link
 * ContactSyncWorkflowImpl} (or {@link ContactLockWorkflowImpl}, for a lock's history) and survives
 * a JSON round trip unchanged, and writes it as {@code <name>.json} ({@code
 * WorkflowExecutionHistory.toJson(true)}), listed with its SHA-256 in the corpus's {@code
 * SHA256SUMS} (the folder's parent). An existing file is never overwritten: a stored history is
 * evidence of what ran, not something to refresh.
 */
final class ReplayCorpusRecorder {

  private static final String MANIFEST = "SHA256SUMS";

  private final CorpusLane lane;
  private final Path folder;

  /**
   * @param lane the lane to run on
   * @param folder where the histories go, e.g. {@code workflows/src/test/resources/replay/v0}
   */
  ReplayCorpusRecorder(CorpusLane lane, Path folder) {
    this.lane = lane;
    this.folder = folder;
  }

  Path target(CorpusScenario scenario) {
    return folder.resolve(scenario.name() + ".json");
  }

  /** Runs and records the scenario; returns the file written. */
  Path record(CorpusScenario scenario) throws IOException {
    Path file = target(scenario);
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists; stored histories are never overwritten");
    }
    lane.resetWorld();
    WorkflowExecution run;
    try (LaneWorker worker = lane.startWorker(scenario.settings())) {
      run = scenario.body().run(lane);
    } finally {
      lane.resetWorld();
    }
    WorkflowExecutionHistory history = lane.history(run);
    return store(folder, scenario.name(), history, implementationOf(history));
  }

  /** A lock or import scenario records that run; every other scenario records an event's. */
  private static Class<?> implementationOf(WorkflowExecutionHistory history) {
    String type =
        history
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getWorkflowType()
            .getName();
    return switch (type) {
      case "ContactLock" -> ContactLockWorkflowImpl.class;
      case "ImportWorkflow" -> ImportWorkflowImpl.class;
      default -> ContactSyncWorkflowImpl.class;
    };
  }

  /**
   * Writes a checked history as {@code folder/<name>.json} and lists it in the corpus's {@code
   * SHA256SUMS}; never overwrites.
   *
   * @param implementation the workflow implementation the history must replay on
   */
  static Path store(
      Path folder, String name, WorkflowExecutionHistory history, Class<?> implementation)
      throws IOException {
    Path file = folder.resolve(name + ".json");
    String json = checked(history, implementation);
    Files.createDirectories(folder);
    Files.writeString(file, json, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    list(folder, file);
    return file;
  }

  /** Adds the file to the corpus's {@code SHA256SUMS}, which {@code ReplayCorpusTest} checks. */
  private static void list(Path folder, Path file) throws IOException {
    Path corpus = folder.getParent();
    Path manifest = corpus.resolve(MANIFEST);
    TreeMap<String, String> lines = new TreeMap<>();
    if (Files.exists(manifest)) {
      for (String line : Files.readAllLines(manifest)) {
        if (!line.isBlank()) {
          lines.put(line.substring(line.indexOf("  ") + 2), line);
        }
      }
    }
    String name = corpus.relativize(file).toString().replace('\\', '/');
    lines.put(name, sha256(file) + "  " + name);
    Files.write(manifest, lines.values(), StandardCharsets.UTF_8);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /**
   * The history as stored JSON, once it is known to replay and to read back as the same JSON.
   *
   * @throws AssertionError when it does not
   */
  static String checked(WorkflowExecutionHistory history, Class<?> implementation) {
    String json = history.toJson(true);
    WorkflowExecutionHistory readBack = WorkflowExecutionHistory.fromJson(json);
    assertEquals(json, readBack.toJson(true), "the history does not survive a JSON round trip");
    try {
      WorkflowReplayer.replayWorkflowExecution(readBack, implementation);
    } catch (Exception e) {
      throw new AssertionError("the recorded history does not replay", e);
    }
    return json;
  }
}
