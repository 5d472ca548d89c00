package dev.oncelane.workers.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.oncelane.workers.temporal.TemporalCliOptions;
import dev.oncelane.workers.temporal.TemporalCliServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real Temporal dev server for the integration tier. Without the {@code temporal} binary an
 * integration test is skipped with a visible message, except in CI ({@code CI=true}), where a
 * missing binary fails it: CI must always prove the real server.
 */
public final class RealTemporal {

  private RealTemporal() {}

  /** The binary, or skip (fail in CI) when there is none. */
  public static Path binaryOrSkip() {
    Optional<Path> binary = TemporalCliServer.findBinary(System.getenv());
    if (binary.isEmpty()) {
      String message =
          "the `temporal` CLI is not installed: integration tests need the real dev server"
              + " (go install github.com/temporalio/cli/cmd/temporal@v1.5.1)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      System.err.println("SKIPPED: " + message);
      assumeTrue(false, message);
    }
    return binary.get();
  }

  /** Starts {@code temporal server start-dev} on free ports, persisted under {@code dataDir}. */
  public static TemporalCliServer start(Path dataDir) throws IOException {
    return TemporalCliServer.start(binaryOrSkip(), dataDir, "default", freePort(), freePort());
  }

  /** Starts it as {@code options} say (without search attributes, with dynamic config, …). */
  public static TemporalCliServer start(Path dataDir, TemporalCliOptions options)
      throws IOException {
    return TemporalCliServer.start(
        binaryOrSkip(), dataDir, "default", freePort(), freePort(), options);
  }

  /** Starts it again on the same port and file, as after a restart. */
  public static TemporalCliServer restart(Path dataDir, int port, int uiPort) throws IOException {
    return TemporalCliServer.start(binaryOrSkip(), dataDir, "default", port, uiPort);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
