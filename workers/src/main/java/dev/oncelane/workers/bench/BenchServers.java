package dev.oncelane.workers.bench;

import dev.oncelane.workers.temporal.DevTemporal;
import dev.oncelane.workers.temporal.InMemoryTemporal;
import dev.oncelane.workers.temporal.TemporalCliServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/** What every bench starts alike: the Temporal server, free ports, the jar workers run from. */
public final class BenchServers {

  private BenchServers() {}

  /**
   * The {@code temporal} dev server from {@code binary} with its data under {@code dataDir}, or the
   * in-memory server when there is no binary.
   */
  public static DevTemporal startTemporal(Optional<Path> binary, Path dataDir, String namespace)
      throws IOException {
    if (binary.isPresent()) {
      return TemporalCliServer.start(
          binary.get(), dataDir.resolve("temporal"), namespace, freePort(), freePort());
    }
    return InMemoryTemporal.start(freePort(), namespace);
  }

  /** A loopback port nobody listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The jar this command runs from, when it runs from one (or the build says where it is). */
  public static Optional<Path> runningJar() {
    try {
      Path source =
          Path.of(BenchServers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (source.toString().endsWith(".jar")) {
        return Optional.of(source);
      }
    } catch (URISyntaxException e) {
      // fall through to the build's hint
    }
    return Optional.ofNullable(System.getProperty("oncelane.jar")).map(Path::of);
  }
}
