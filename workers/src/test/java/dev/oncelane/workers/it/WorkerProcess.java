package dev.oncelane.workers.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar oncelane.jar worker} as a separate process, configured by environment like a
 * production worker, so a test can kill it the way a crash would.
 */
final class WorkerProcess implements AutoCloseable {

  private static final String READY_LINE = "oncelane worker polling";

  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts a worker with {@code env} added to this JVM's environment and waits until it polls.
   *
   * @param log where its output goes (appended, so a restarted worker's lines follow)
   */
  static WorkerProcess start(Map<String, String> env, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(List.of(javaBinary(), "-jar", jar().toString(), "worker"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    long linesBefore = readyLines(log);
    WorkerProcess worker = new WorkerProcess(builder.start(), log);
    try {
      Deadlines.awaitTrue(
          "the worker process announcing it polls",
          Duration.ofSeconds(60),
          () -> readyLines(log) > linesBefore || !worker.process.isAlive(),
          () -> "see " + log);
      if (!worker.process.isAlive()) {
        throw new IllegalStateException(
            "the worker exited with " + worker.process.exitValue() + "; see " + log);
      }
      return worker;
    } catch (RuntimeException | Error e) {
      worker.close();
      throw e;
    }
  }

  /**
   * Runs a worker that is expected to refuse to start, and returns its exit code once it is gone.
   *
   * @throws AssertionError if it is still running after {@code timeout}
   */
  static int runToExit(Map<String, String> env, Path log, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(List.of(javaBinary(), "-jar", jar().toString(), "worker"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the worker still ran after " + timeout + "; see " + log);
    }
    return process.exitValue();
  }

  /** Kills the process with SIGKILL and returns its exit status once it is gone. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the worker survived SIGKILL for 30 s");
    }
    return process.exitValue();
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The shaded jar Failsafe names in {@code oncelane.jar} (it runs after {@code package}). */
  private static Path jar() {
    String configured = System.getProperty("oncelane.jar");
    if (configured == null || !Files.isRegularFile(Path.of(configured))) {
      throw new IllegalStateException(
          "system property oncelane.jar must name the built jar (Failsafe sets it after"
              + " `package`), got "
              + configured);
    }
    return Path.of(configured);
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static long readyLines(Path log) {
    if (!Files.exists(log)) {
      return 0;
    }
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.filter(line -> line.contains(READY_LINE)).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      // The file is being written; the next poll reads it again.
      return 0;
    }
  }
}
