package dev.oncelane.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workflows.budget.CrmBudgetWorkflowImpl;
import dev.oncelane.workflows.imports.ImportWorkflowImpl;
import dev.oncelane.workflows.lock.ContactLockWorkflowImpl;
import dev.oncelane.workflows.sync.ContactSyncWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every stored history under {@code src/test/resources/replay/} against today's {@link
 * ContactSyncWorkflowImpl}, {@link ContactLockWorkflowImpl}, {@link CrmBudgetWorkflowImpl} or
 * {@link ImportWorkflowImpl}, as the history's workflow type says: a workflow change that would
 * break a run already in flight (a review waits up to 14 days) fails the build here. The histories
 * are recorded from real runs by {@code RecordReplayCorpusTest} in the workers module; see {@code
 * replay/README.md}.
 *
 * <p>{@code replay/SHA256SUMS} lists every stored history with its SHA-256 ({@code sha256sum}
 * format), so a history that is edited, removed or added by hand fails the build too.
 */
class ReplayCorpusTest {

  private static final String CORPUS = "replay";
  private static final String MANIFEST = "SHA256SUMS";

  @TestFactory
  Stream<DynamicTest> everyStoredHistoryReplaysOnTodaysWorkflow() throws Exception {
    Path corpus = corpusFolder();
    List<Path> histories = histories(corpus);
    assertFalse(histories.isEmpty(), "the replay corpus " + corpus + " holds no *.json history");
    return histories.stream()
        .map(
            history -> {
              String name = name(corpus, history);
              return DynamicTest.dynamicTest(name, () -> replay(name, history));
            });
  }

  @Test
  void noStoredHistoryHasBeenEditedRemovedOrSlippedIn() throws Exception {
    Path corpus = corpusFolder();
    Map<String, String> listed = manifest(corpus.resolve(MANIFEST));
    Map<String, String> stored = new TreeMap<>();
    for (Path history : histories(corpus)) {
      stored.put(name(corpus, history), sha256(history));
    }
    List<String> problems = new ArrayList<>();
    listed.forEach(
        (name, hash) -> {
          String now = stored.get(name);
          if (now == null) {
            problems.add(name + " was removed");
          } else if (!now.equals(hash)) {
            problems.add(name + " was edited");
          }
        });
    stored.keySet().stream()
        .filter(name -> !listed.containsKey(name))
        .forEach(name -> problems.add(name + " is not listed (record it with the recorder)"));
    assertTrue(
        problems.isEmpty(),
        "stored histories are never edited or removed; " + MANIFEST + " says: " + problems);
  }

  /**
   * The implementation each stored workflow type replays on; a history's type is its first event's.
   * Each new workflow type keeps its histories in a folder of its own.
   */
  static final Map<String, Class<?>> IMPLEMENTATIONS =
      Map.of(
          "ContactSync", ContactSyncWorkflowImpl.class,
          "ContactLock", ContactLockWorkflowImpl.class,
          "CrmBudget", CrmBudgetWorkflowImpl.class,
          "ImportWorkflow", ImportWorkflowImpl.class);

  private static void replay(String name, Path history) throws IOException {
    WorkflowExecutionHistory stored = WorkflowExecutionHistory.fromJson(Files.readString(history));
    String type =
        stored
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getWorkflowType()
            .getName();
    Class<?> implementation = IMPLEMENTATIONS.get(type);
    assertNotNull(implementation, "replay/" + name + ": no implementation known for " + type);
    try {
      WorkflowReplayer.replayWorkflowExecution(stored, implementation);
    } catch (Exception e) {
      throw new AssertionError(
          "replay/" + name + " no longer replays on " + implementation.getSimpleName() + ": " + e,
          e);
    }
  }

  private static Path corpusFolder() throws URISyntaxException {
    URL folder = ReplayCorpusTest.class.getClassLoader().getResource(CORPUS);
    assertNotNull(folder, "no '" + CORPUS + "' folder on the test classpath");
    return Path.of(folder.toURI());
  }

  /** {@code <sha256 hex> <path below replay/>} per line, as {@code sha256sum} writes it. */
  private static Map<String, String> manifest(Path file) throws IOException {
    assertTrue(Files.exists(file), "the replay corpus has no " + MANIFEST);
    Map<String, String> listed = new TreeMap<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        String[] hashAndName = line.trim().split("\\s+\\*?", 2);
        listed.put(hashAndName[1], hashAndName[0]);
      }
    }
    return listed;
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static String name(Path corpus, Path history) {
    return corpus.relativize(history).toString().replace('\\', '/');
  }

  private static List<Path> histories(Path corpus) throws IOException {
    try (Stream<Path> files = Files.walk(corpus)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> file.getFileName().toString().endsWith(".json"))
          .sorted()
          .toList();
    }
  }
}
