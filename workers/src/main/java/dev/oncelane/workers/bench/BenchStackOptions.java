package dev.oncelane.workers.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.oncelane.workers.temporal.TemporalCliServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The options every bench command shares: which Temporal, where data goes, how to report. */
public final class BenchStackOptions {

  @Option(names = "--in-memory", description = "Use the in-memory Temporal server, not the CLI's.")
  boolean inMemory;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(
      names = "--data-dir",
      description =
          "Where ledgers, Temporal's data and logs go (default: a new temporary directory).")
  Path dataDir;

  @Option(
      names = "--worker-jar",
      description = "The oncelane jar the worker process runs (default: the running jar).")
  Path workerJar;

  public boolean inMemory() {
    return inMemory;
  }

  /** The jar to run the worker from, or empty (with a message on stderr) when none is known. */
  public Optional<Path> workerJar() {
    Optional<Path> jar = workerJar != null ? Optional.of(workerJar) : BenchServers.runningJar();
    if (jar.isEmpty()) {
      System.err.println(
          "cannot tell which jar to run the worker from; build it (./oncelane does) or pass"
              + " --worker-jar workers/target/oncelane.jar");
    }
    return jar;
  }

  /** The `temporal` CLI to run, unless --in-memory was asked for or none is installed. */
  public Optional<Path> temporalBinary() {
    return inMemory ? Optional.empty() : TemporalCliServer.findBinary(System.getenv());
  }

  /** Where progress goes: stderr when stdout carries JSON. */
  public PrintStream progress() {
    return json ? System.err : System.out;
  }

  /** --data-dir, or a new temporary directory named after {@code prefix}. */
  public Path dataDirOr(String prefix) throws IOException {
    return dataDir != null ? dataDir : Files.createTempDirectory(prefix);
  }

  /** Prints the report as JSON, or as {@code table} prints it for people. */
  public void print(Object report, Consumer<PrintStream> table) throws JsonProcessingException {
    if (json) {
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      table.accept(System.out);
    }
  }
}
