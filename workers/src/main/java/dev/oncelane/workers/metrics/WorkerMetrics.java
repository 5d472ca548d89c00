package dev.oncelane.workers.metrics;

import com.uber.m3.tally.Scope;
import dev.oncelane.activities.hubspot.CrmCallListener;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.workflows.ledger.LedgerActivities;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A worker's metrics, ready to wire: the meters, the ledger activities that feed them, the CRM call
 * listener, the Temporal SDK scope, and {@code GET /metrics} on its own port.
 *
 * <pre>{@code
 * WorkerMetrics metrics = WorkerMetrics.fromEnv(env, ledger);
 * HubSpotClient hubSpot = new HubSpotClient(config, metrics.crmCalls());
 * TemporalConnection connection = TemporalConnection.connect(environment, metrics.temporalScope());
 * LaneWorker.start(connection.client(), new CrmActivitiesImpl(hubSpot), metrics.ledgerActivities(), settings);
 * }</pre>
 */
public final class WorkerMetrics implements AutoCloseable {

  /** The variable naming the metrics port; 0 turns the endpoint off. */
  public static final String PORT_VARIABLE = "ONCELANE_METRICS_PORT";

  public static final int DEFAULT_PORT = 9464;

  /** How stale the open-review gauge may be; it costs one ledger count per refresh. */
  private static final Duration OPEN_REVIEWS_MAX_AGE = Duration.ofSeconds(15);

  private final LaneMetrics metrics;
  private final LedgerActivities ledgerActivities;
  private final MetricsServer server;

  private WorkerMetrics(LaneMetrics metrics, LedgerActivities ledger, MetricsServer server) {
    this.metrics = metrics;
    this.ledgerActivities = ledger;
    this.server = server;
  }

  /** {@value #PORT_VARIABLE} from {@code env}, else {@value #DEFAULT_PORT}. */
  public static int port(Map<String, String> env) {
    String value = env.get(PORT_VARIABLE);
    if (value == null || value.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          PORT_VARIABLE + ": '" + value + "' is not a port (0 turns the endpoint off)");
    }
  }

  /**
   * The worker's metrics as the environment asks: served on {@code 0.0.0.0:}{@value #PORT_VARIABLE}
   * (a Prometheus scraper usually runs elsewhere), or not served when it is 0.
   */
  public static WorkerMetrics fromEnv(Map<String, String> env, JdbcLedger ledger)
      throws IOException {
    int port = port(env);
    return port == 0 ? unserved(ledger) : served("0.0.0.0", port, ledger);
  }

  /** The meters, served on {@code host:port}; port 0 picks a free port (tests, dev stack). */
  public static WorkerMetrics served(String host, int port, JdbcLedger ledger) throws IOException {
    LaneMetrics metrics = newMeters(ledger);
    MetricsServer server = MetricsServer.start(host, port, metrics::scrape);
    return new WorkerMetrics(metrics, new ObservedLedgerActivities(ledger, metrics), server);
  }

  /** The meters without an endpoint. */
  public static WorkerMetrics unserved(JdbcLedger ledger) {
    LaneMetrics metrics = newMeters(ledger);
    return new WorkerMetrics(metrics, new ObservedLedgerActivities(ledger, metrics), null);
  }

  private static LaneMetrics newMeters(JdbcLedger ledger) {
    return new LaneMetrics(
        new CachedCount(ledger::countOpenReviews, OPEN_REVIEWS_MAX_AGE, Clock.systemUTC()));
  }

  public LaneMetrics metrics() {
    return metrics;
  }

  /** The ledger activities to register with the worker; they count every transition. */
  public LedgerActivities ledgerActivities() {
    return ledgerActivities;
  }

  /** The listener to give the {@code HubSpotClient}. */
  public CrmCallListener crmCalls() {
    return metrics.crmCalls();
  }

  /** The scope to give the Temporal service stubs, for the SDK's worker metrics. */
  public Scope temporalScope() {
    return metrics.temporalScope();
  }

  /** The port {@code /metrics} is served on, when it is. */
  public Optional<Integer> port() {
    return Optional.ofNullable(server).map(MetricsServer::port);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
