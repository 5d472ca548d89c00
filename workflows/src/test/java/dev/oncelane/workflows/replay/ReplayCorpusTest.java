package dev.oncelane.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.oncelane.workflows.sync.ContactSyncWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every stored history under {@code src/test/resources/replay/} against today's {@link
 * ContactSyncWorkflowImpl}: a workflow change that would break a run already in flight (a review
 * waits up to 14 days) fails the build here. The histories are recorded from real runs by {@code
 * RecordReplayCorpusTest} in the workers module; see {@code replay/README.md}.
 */
class ReplayCorpusTest {

  private static final String CORPUS = "replay";

  @TestFactory
  Stream<DynamicTest> everyStoredHistoryReplaysOnTodaysWorkflow() throws Exception {
    Path corpus = corpusFolder();
    List<Path> histories = histories(corpus);
    assertFalse(histories.isEmpty(), "the replay corpus " + corpus + " holds no *.json history");
    return histories.stream()
        .map(
            history -> {
              String name = corpus.relativize(history).toString().replace('\\', '/');
              return DynamicTest.dynamicTest(name, () -> replay(name, history));
            });
  }

  private static void replay(String name, Path history) {
    try {
      WorkflowReplayer.replayWorkflowExecution(history.toFile(), ContactSyncWorkflowImpl.class);
    } catch (Exception e) {
      throw new AssertionError(
          "replay/" + name + " no longer replays on ContactSyncWorkflowImpl: " + e, e);
    }
  }

  private static Path corpusFolder() throws URISyntaxException {
    URL folder = ReplayCorpusTest.class.getClassLoader().getResource(CORPUS);
    assertNotNull(folder, "no '" + CORPUS + "' folder on the test classpath");
    return Path.of(folder.toURI());
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
