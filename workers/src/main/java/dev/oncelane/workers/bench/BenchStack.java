package dev.oncelane.workers.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerSchema;
import dev.oncelane.relay.RelayConfig;
import dev.oncelane.relay.RelayServer;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.temporal.DevTemporal;
import dev.oncelane.workers.temporal.TemporalConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The stack every bench run plays against: Temporal (the dev server or in-memory, see {@link
 * BenchServers#startTemporal}), the HubSpot sandbox, a SQLite ledger with its schema, a client
 * connection to Temporal and the relay on a free port in this JVM. The worker processes are the
 * caller's, as each run starts its own kind.
 *
 * <p>{@link #close()} stops them in the reverse order; a failure while starting stops what had
 * started and rethrows.
 */
public final class BenchStack implements AutoCloseable {

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final String namespace;
  private final String ledgerUrl;
  private DevTemporal temporal;
  private SandboxServer crm;
  private HikariDataSource ledgerData;
  private TemporalConnection connection;
  private RelayServer relay;

  private BenchStack(String namespace, String ledgerUrl) {
    this.namespace = namespace;
    this.ledgerUrl = ledgerUrl;
  }

  /**
   * Starts the stack.
   *
   * @param temporalBinary the {@code temporal} CLI; empty: the in-memory server
   * @param dataDir where Temporal's data ({@code temporal/}) and the ledger's SQLite file go
   * @param namespace the Temporal namespace, also the workers'
   * @param sandbox the sandbox's options (its port is taken free whatever they say)
   * @throws IOException when Temporal does not start
   */
  public static BenchStack start(
      Optional<Path> temporalBinary, Path dataDir, String namespace, SandboxOptions sandbox)
      throws IOException {
    BenchStack stack = new BenchStack(namespace, LedgerDataSources.defaultUrl(dataDir));
    try {
      stack.temporal = stack.add(BenchServers.startTemporal(temporalBinary, dataDir, namespace));
      stack.crm = stack.add(SandboxServer.start(sandbox.withPort(0)));
      stack.ledgerData = stack.add(LedgerDataSources.open(stack.ledgerUrl));
      stack.connection = stack.add(TemporalConnection.connect(stack.temporal.address(), namespace));
      stack.relay =
          stack.add(
              RelayServer.start(RelayConfig.builder().port(0).build(), stack.connection.client()));
      LedgerSchema.create(stack.ledgerData);
      return stack;
    } catch (IOException | RuntimeException e) {
      stack.closeStarted(e);
      throw e;
    }
  }

  private <T extends AutoCloseable> T add(T resource) {
    started.push(resource);
    return resource;
  }

  public DevTemporal temporal() {
    return temporal;
  }

  /** The Temporal namespace the stack was started with. */
  public String namespace() {
    return namespace;
  }

  public SandboxServer crm() {
    return crm;
  }

  /** The ledger's JDBC URL, as the worker processes are given it. */
  public String ledgerUrl() {
    return ledgerUrl;
  }

  /** The ledger's data source, its schema created (for the ledger's other tables, e.g. imports). */
  public javax.sql.DataSource ledgerDataSource() {
    return ledgerData;
  }

  /** The ledger, its schema created. */
  public JdbcLedger ledger() {
    return new JdbcLedger(ledgerData);
  }

  public TemporalConnection connection() {
    return connection;
  }

  public RelayServer relay() {
    return relay;
  }

  @Override
  public void close() {
    RuntimeException failure = new RuntimeException("bench stack: stopping failed");
    closeStarted(failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  /** Closes what started, newest first, adding each failure to {@code failure} as suppressed. */
  private void closeStarted(Exception failure) {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }
}
