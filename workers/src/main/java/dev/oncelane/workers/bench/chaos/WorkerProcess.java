package dev.oncelane.workers.bench.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar oncelane.jar worker} as a child process, so a chaos run can kill it with SIGKILL
 * mid-run and start it again, as a crash and a supervisor's restart would.
 */
final class WorkerProcess implements AutoCloseable {

  private final Path jar;
  private final Map<String, String> env;
  private final Path logDir;
  private Process process;
  private int starts;

  WorkerProcess(Path jar, Map<String, String> env, Path logDir) {
    this.jar = jar;
    this.env = Map.copyOf(env);
    this.logDir = logDir;
  }

  synchronized void start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "worker"))
            .redirectErrorStream(true)
            .redirectOutput(logDir.resolve("worker-" + (++starts) + ".log").toFile());
    builder.environment().putAll(env);
    process = builder.start();
  }

  /** SIGKILL (no shutdown hook runs, nothing is flushed), then a fresh process. */
  synchronized void killAndRestart() throws IOException, InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    start();
  }

  synchronized long pid() {
    return process.pid();
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  @Override
  public synchronized void close() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
