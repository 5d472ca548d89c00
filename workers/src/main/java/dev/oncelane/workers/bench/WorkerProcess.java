package dev.oncelane.workers.bench;

import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.workers.codec.CodecKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar oncelane.jar worker} as a child process, so a chaos run can kill it with SIGKILL
 * mid-run and start it again, as a crash and a supervisor's restart would.
 */
public final class WorkerProcess implements AutoCloseable {

  private final Path jar;
  private final Map<String, String> env;
  private final Path logDir;
  private final String logName;
  private Process process;
  private int starts;

  /**
   * @param jar the oncelane jar
   * @param env the worker's environment on top of this process's
   * @param logDir where {@code worker-<n>.log} go
   */
  public WorkerProcess(Path jar, Map<String, String> env, Path logDir) {
    this(jar, env, logDir, "worker");
  }

  private WorkerProcess(Path jar, Map<String, String> env, Path logDir, String logName) {
    this.jar = jar;
    this.env = Map.copyOf(env);
    this.logDir = logDir;
    this.logName = logName;
  }

  /**
   * The same worker with {@code extra} variables added, logging to {@code <logName>-<n>.log}: e.g.
   * the lane's worker with payload encryption on.
   */
  public WorkerProcess withEnv(Map<String, String> extra, String logName) {
    Map<String, String> merged = new java.util.HashMap<>(env);
    merged.putAll(extra);
    return new WorkerProcess(jar, merged, logDir, logName);
  }

  /**
   * The lane's worker against a bench stack: its own Temporal, sandbox and SQLite ledger, no
   * metrics port (several may run side by side), no payload encryption.
   */
  public static WorkerProcess forLane(
      Path jar,
      String temporalAddress,
      String namespace,
      String crmBaseUrl,
      String ledgerUrl,
      Path dir) {
    return new WorkerProcess(
        jar,
        Map.of(
            "TEMPORAL_ADDRESS",
            temporalAddress,
            "TEMPORAL_NAMESPACE",
            namespace,
            "HUBSPOT_BASE_URL",
            crmBaseUrl,
            "HUBSPOT_TOKEN",
            SandboxOptions.DEFAULT_TOKEN,
            "ONCELANE_LEDGER_URL",
            ledgerUrl,
            "ONCELANE_DATA_DIR",
            dir.toString(),
            "ONCELANE_METRICS_PORT",
            "0",
            // Payloads in clear, whatever the calling shell sets: the bench's relay is plain too.
            CodecKeys.KEYS,
            "",
            CodecKeys.KEY_FILE,
            "",
            CodecKeys.ENCRYPT_KEY,
            ""),
        dir);
  }

  /** Starts the worker (again); its output goes to the next {@code <log name>-<n>.log}. */
  public synchronized void start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "worker"))
            .redirectErrorStream(true)
            .redirectOutput(logDir.resolve(logName + "-" + (++starts) + ".log").toFile());
    builder.environment().putAll(env);
    process = builder.start();
  }

  /** SIGKILL (no shutdown hook runs, nothing is flushed), then a fresh process. */
  public synchronized void killAndRestart() throws IOException, InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    start();
  }

  /** The running worker's process id. */
  public synchronized long pid() {
    return process.pid();
  }

  /** Whether the worker process runs. */
  public synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  /**
   * The worker's peak resident memory so far ({@code VmHWM} in {@code /proc/<pid>/status}), in KiB;
   * empty where there is no procfs or the process is gone.
   */
  public synchronized OptionalLong peakResidentKib() {
    if (process == null || !process.isAlive()) {
      return OptionalLong.empty();
    }
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
          .filter(line -> line.startsWith("VmHWM:"))
          .map(line -> line.replaceAll("[^0-9]", ""))
          .filter(digits -> !digits.isEmpty())
          .mapToLong(Long::parseLong)
          .findFirst();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
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
