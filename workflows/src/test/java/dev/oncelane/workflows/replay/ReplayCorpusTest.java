package dev.oncelane.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oncelane.workflows.budget.CrmBudgetWorkflowImpl;
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
