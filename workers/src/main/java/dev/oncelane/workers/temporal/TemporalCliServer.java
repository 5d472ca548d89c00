package dev.oncelane.workers.temporal;

import dev.oncelane.workflows.visibility.LaneSearchAttributes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Temporal dev server ({@code temporal server start-dev}) as a child process, persisted to
 * a file in the data directory, with the lane's search attributes registered (unless {@link
 * TemporalCliOptions} says otherwise) and the Web UI on.
 */
public final class TemporalCliServer implements DevTemporal {

  private final Process process;
  private final String address;
  private final String uiUrl;

  private TemporalCliServer(Process process, String address, String uiUrl) {
    this.process = process;
    this.address = address;
    this.uiUrl = uiUrl;
  }

  /**
   * Finds the {@code temporal} binary: {@code TEMPORAL_CLI} if set, then the PATH, then Go's bin
   * directory (where {@code go install} puts it).
   */
  public static Optional<Path> findBinary(Map<String, String> env) {
    List<Path> candidates = new ArrayList<>();
    if (env.containsKey("TEMPORAL_CLI")) {
      candidates.add(Path.of(env.get("TEMPORAL_CLI")));
    }
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, "temporal"));
      }
    }
    if (env.containsKey("GOPATH")) {
      candidates.add(Path.of(env.get("GOPATH"), "bin", "temporal"));
    }
    candidates.add(Path.of(System.getProperty("user.home"), "go", "bin", "temporal"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** Starts the dev server and waits (up to a minute) until its frontend answers. */
  public static TemporalCliServer start(
      Path binary, Path dataDir, String namespace, int port, int uiPort) throws IOException {
    return start(binary, dataDir, namespace, port, uiPort, TemporalCliOptions.defaults());
  }

  /** Starts the dev server as {@code options} say and waits until its frontend answers. */
  public static TemporalCliServer start(
      Path binary, Path dataDir, String namespace, int port, int uiPort, TemporalCliOptions options)
      throws IOException {
    Files.createDirectories(dataDir);
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--ui-port",
                String.valueOf(uiPort),
                "--db-filename",
                dataDir.resolve("temporal.db").toString(),
                "--namespace",
                namespace,
                "--log-level",
                "warn"));
    if (options.uiCodecEndpoint() != null) {
      command.add("--ui-codec-endpoint");
      command.add(options.uiCodecEndpoint());
    }
    if (options.registerSearchAttributes()) {
      for (var key : LaneSearchAttributes.ALL) {
        command.add("--search-attribute");
        command.add(key.getName() + "=Keyword");
      }
    }
    options
        .dynamicConfig()
        .forEach(
            (key, value) -> {
              command.add("--dynamic-config-value");
              command.add(key + "=" + value);
            });
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("temporal.log").toFile()))
            .start();
    String address = "127.0.0.1:" + port;
    if (!TemporalReadiness.await(address, Duration.ofSeconds(60)) || !process.isAlive()) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "temporal server start-dev did not come up on "
              + address
              + "; see "
              + dataDir.resolve("temporal.log"));
    }
    return new TemporalCliServer(process, address, "http://127.0.0.1:" + uiPort);
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public String uiUrl() {
    return uiUrl;
  }

  @Override
  public boolean durable() {
    return true;
  }

  /** Kills the server at once (SIGKILL), as a crash would; its file keeps what it persisted. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
