package dev.oncelane.activities.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster for tests: {@code initdb} into a fresh directory, {@code pg_ctl
 * start} on a free port of 127.0.0.1, stopped and deleted by {@link #close()}.
 *
 * <p>PostgreSQL refuses to run as root, so when the JVM is root (as CI is) every command runs as
 * the {@code postgres} OS user through {@code runuser}, in a directory under {@code /tmp} that user
 * owns. Connections over TCP need the superuser's password (SCRAM), so tests exercise real
 * credentials; {@code scripts/install-postgres.sh} installs the binaries.
 */
final class PostgresCluster implements AutoCloseable {

  static final String SUPERUSER = "postgres";

  /** Where Debian's packages put each major version's server binaries. */
  private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");

  private static final String BIN_VARIABLE = "ONCELANE_PG_BIN";

  /** initdb and a cold start take seconds; a busy two-core machine may need far more. */
  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  /** A port found free may be taken before the server binds it; a new one is tried. */
  private static final int START_ATTEMPTS = 3;

  private final Path binDir;
  private final Path baseDir;
  private final boolean runAsPostgresUser;
  private final String password = UUID.randomUUID().toString();
  private final Thread stopAtExit = new Thread(this::stopQuietly, "postgres-cluster-stop");
  private int port;

  private PostgresCluster(Path binDir, Path baseDir, boolean runAsPostgresUser) {
    this.binDir = binDir;
    this.baseDir = baseDir;
    this.runAsPostgresUser = runAsPostgresUser;
  }

  /**
   * Starts a cluster. Without PostgreSQL binaries the calling test is skipped with a message saying
   * how to install them, except on CI ({@code CI=true}), where that is a failure.
   */
  static PostgresCluster startOrSkip() {
    Optional<Path> binaries = findBinaries(System.getenv());
    if (binaries.isEmpty()) {
      String message =
          "PostgreSQL server binaries not found (set "
              + BIN_VARIABLE
              + " or run scripts/install-postgres.sh): the PostgreSQL ledger suite did not run";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      System.err.println("SKIPPED: " + message);
      Assumptions.abort(message);
    }
    try {
      return start(binaries.get());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a PostgreSQL cluster", e);
    }
  }

  /**
   * The directory holding {@code initdb} and {@code pg_ctl}: {@value #BIN_VARIABLE}, else the
   * newest version under {@code /usr/lib/postgresql}, else the directory of {@code initdb} on the
   * {@code PATH}.
   */
  static Optional<Path> findBinaries(Map<String, String> environment) {
    String configured = environment.get(BIN_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(PostgresCluster::hasServerBinaries);
    }
    if (Files.isDirectory(DEBIAN_VERSIONS)) {
      try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
        Optional<Path> newest =
            versions
                .map(version -> version.resolve("bin"))
                .filter(PostgresCluster::hasServerBinaries)
                .max(Comparator.comparing(PostgresCluster::majorVersion));
        if (newest.isPresent()) {
          return newest;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String path = environment.getOrDefault("PATH", "");
    return Stream.of(path.split(":"))
        .filter(entry -> !entry.isEmpty())
        .map(Path::of)
        .filter(PostgresCluster::hasServerBinaries)
        .findFirst();
  }

  private static boolean hasServerBinaries(Path dir) {
    return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
  }

  private static int majorVersion(Path binDir) {
    String name = binDir.getParent().getFileName().toString();
    return name.matches("\\d+") ? Integer.parseInt(name) : 0;
  }

  static PostgresCluster start(Path binDir) throws IOException {
    boolean root = "root".equals(System.getProperty("user.name"));
    // Under /tmp (world-traversable) when root: the postgres user must reach its directory.
    Path parent = root ? Path.of("/tmp") : Path.of(System.getProperty("java.io.tmpdir"));
    Path baseDir =
        Files.createTempDirectory(
            parent,
            "oncelane-pg-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    PostgresCluster cluster = new PostgresCluster(binDir, baseDir, root);
    try {
      cluster.initialize();
      cluster.startServer();
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void initialize() throws IOException {
    if (runAsPostgresUser) {
      UserPrincipal postgres =
          baseDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
      Files.setOwner(baseDir, postgres);
    }
    Path passwordFile = baseDir.resolve("superuser-password");
    Files.writeString(passwordFile, password);
    if (runAsPostgresUser) {
      Files.setOwner(passwordFile, Files.getOwner(baseDir));
    }
    run(
        "initdb",
        "--pgdata=" + dataDir(),
        "--username=" + SUPERUSER,
        "--pwfile=" + passwordFile,
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync");
    Files.delete(passwordFile);
  }

  private void startServer() throws IOException {
    IOException lastFailure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      port = freePort();
      try {
        run(
            "pg_ctl",
            "--pgdata=" + dataDir(),
            "--log=" + baseDir.resolve("server.log"),
            "--wait",
            "--timeout=" + COMMAND_TIMEOUT_SECONDS,
            "--options=-p "
                + port
                + " -c listen_addresses=127.0.0.1 -k "
                + baseDir
                // Durability is not under test; skipping fsync keeps a shared machine quick.
                + " -c fsync=off -c full_page_writes=off -c synchronous_commit=off",
            "start");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        return;
      } catch (IOException e) {
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  /** A JDBC URL for {@code database} on this cluster, without credentials. */
  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The superuser's password: a fresh random value per cluster. */
  String superuserPassword() {
    return password;
  }

  /** Runs each statement as the superuser, outside a transaction (CREATE DATABASE needs that). */
  void execute(String... statements) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, password);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** Stops the server at once and deletes its files. */
  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException e) {
      // Called while the JVM shuts down: the hook runs or ran anyway.
    }
  }

  private synchronized void stopQuietly() {
    if (Files.exists(dataDir().resolve("postmaster.pid"))) {
      try {
        run("pg_ctl", "--pgdata=" + dataDir(), "--mode=immediate", "--wait", "stop");
      } catch (IOException | RuntimeException e) {
        System.err.println("could not stop the test PostgreSQL cluster: " + e.getMessage());
      }
    }
    deleteTree(baseDir);
  }

  private Path dataDir() {
    return baseDir.resolve("data");
  }

  /** Runs a PostgreSQL binary (as the postgres user when root) and fails with its output. */
  private void run(String binary, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    if (runAsPostgresUser) {
      command.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
    }
    command.add(binDir.resolve(binary).toString());
    command.addAll(List.of(arguments));
    // A file, not a pipe: a server started by pg_ctl must not hold our stream open.
    Path output = Files.createTempFile("oncelane-pg-" + binary + "-", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean finished;
      try {
        finished = process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new IOException(binary + " interrupted", e);
      }
      if (!finished) {
        process.destroyForcibly();
        throw new IOException(binary + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", command)
                + " exited with "
                + process.exitValue()
                + ":\n"
                + Files.readString(output)
                + serverLog());
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private String serverLog() throws IOException {
    Path log = baseDir.resolve("server.log");
    return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e.getMessage());
    }
  }
}
