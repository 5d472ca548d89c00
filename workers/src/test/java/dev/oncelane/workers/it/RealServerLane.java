package dev.oncelane.workers.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.crm.CrmActivitiesImpl;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.activities.imports.ImportStore;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.activities.ledger.LedgerActivitiesImpl;
import dev.oncelane.activities.ledger.LedgerDataSources;
import dev.oncelane.activities.ledger.LedgerRow;
import dev.oncelane.activities.ledger.LedgerSchema;
import dev.oncelane.relay.RelayConfig;
import dev.oncelane.relay.RelayServer;
import dev.oncelane.relay.readiness.CachedReadiness;
import dev.oncelane.sandbox.FaultConfig;
import dev.oncelane.sandbox.SandboxOptions;
import dev.oncelane.sandbox.SandboxServer;
import dev.oncelane.workers.temporal.NamespaceCheck;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workers.temporal.TemporalEndpoint;
import dev.oncelane.workers.worker.LaneWorker;
import dev.oncelane.workflows.policy.LaneSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The lane around a Temporal server the test owns: the HubSpot sandbox, the SQLite ledger, the
 * relay and (optionally) the worker, wired as {@code DevStack} wires them. The test keeps the
 * server so it can kill and restart it, or run the worker as a separate process.
 */
final class RealServerLane implements AutoCloseable {

  /** Whether the lane runs its worker in this JVM or the test runs one elsewhere. */
  enum Worker {
    IN_PROCESS,
    ELSEWHERE
  }

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private SandboxServer sandbox;
  private HikariDataSource ledgerData;
  private JdbcLedger ledger;
  private TemporalConnection connection;
  private RelayServer relay;

  private RealServerLane() {}

  /**
   * Starts the lane against {@code temporalAddress}, with its ledger at {@code dataDir/ledger.db}
   * and the sandbox's faults set to {@code faults}.
   */
  static RealServerLane start(
      Path dataDir, String temporalAddress, FaultConfig faults, Worker worker) {
    return start(dataDir, temporalAddress, faults, worker, DefaultDataConverter.STANDARD_INSTANCE);
  }

  /** As above, with every payload of relay and worker going through {@code dataConverter}. */
  static RealServerLane start(
      Path dataDir,
      String temporalAddress,
      FaultConfig faults,
      Worker worker,
      DataConverter dataConverter) {
    RealServerLane lane = new RealServerLane();
    try {
      lane.startAll(dataDir, temporalAddress, faults, worker, dataConverter);
      return lane;
    } catch (RuntimeException e) {
      lane.close();
      throw e;
    }
  }

  private void startAll(
      Path dataDir,
      String temporalAddress,
      FaultConfig faults,
      Worker worker,
      DataConverter dataConverter) {
    sandbox = SandboxServer.start(SandboxOptions.defaults().withPort(0).withSeed(11));
    parts.push(sandbox);
    sandbox.setFaults(faults);

    ledgerData = LedgerDataSources.open(LedgerDataSources.defaultUrl(dataDir));
    parts.push(ledgerData);
    LedgerSchema.create(ledgerData);
    ledger = new JdbcLedger(ledgerData);

    connection =
        TemporalConnection.connect(
            TemporalEndpoint.plain(temporalAddress, "default"), null, dataConverter);
    parts.push(connection);
    if (worker == Worker.IN_PROCESS) {
      HubSpotClient hubSpot =
          new HubSpotClient(
              HubSpotConfig.fromEnv(
                  Map.of(
                      "HUBSPOT_BASE_URL",
                      sandbox.baseUrl(),
                      "HUBSPOT_TOKEN",
                      SandboxOptions.DEFAULT_TOKEN)));
      parts.push(hubSpot);
      parts.push(
          LaneWorker.start(
              connection.client(),
              new CrmActivitiesImpl(hubSpot),
              new LedgerActivitiesImpl(ledger),
              LaneSettings.defaults()));
    }
    // /readyz as `oncelane relay` answers it: the namespace check, cached.
    NamespaceCheck namespace = new NamespaceCheck(connection.service(), temporalAddress, "default");
    parts.push(namespace);
    relay =
        RelayServer.start(
            RelayConfig.builder().port(0).build(),
            connection.client(),
            Clock.systemUTC(),
            CachedReadiness.of(namespace::readiness));
    parts.push(relay);
  }

  SandboxServer sandbox() {
    return sandbox;
  }

  JdbcLedger ledger() {
    return ledger;
  }

  /** The ledger's import tables. */
  ImportStore imports() {
    return new ImportStore(ledgerData);
  }

  /** The JDBC URL of the ledger, for a worker process to share it. */
  String ledgerUrl() {
    return ledgerData.getJdbcUrl();
  }

  WorkflowClient client() {
    return connection.client();
  }

  String relayUrl() {
    return "http://127.0.0.1:" + relay.port();
  }

  WebhookSender sender() {
    return new WebhookSender(relayUrl());
  }

  /** The relay's {@code /readyz} status code. */
  int relayReadiness() throws IOException, InterruptedException {
    return readyz().statusCode();
  }

  /** The relay's {@code /readyz} answer. */
  HttpResponse<String> readyz() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(relayUrl() + "/readyz"))
            .timeout(Duration.ofSeconds(30))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Plants a contact whose email conflicts on create but that no read can see. */
  void hideContact(String email) throws IOException, InterruptedException {
    String body = new ObjectMapper().writeValueAsString(Map.of("email", email));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/__sandbox/hidden-contacts"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    int status =
        HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.discarding())
            .statusCode();
    if (status >= 300) {
      throw new IllegalStateException("the sandbox refused to hide " + email + ": " + status);
    }
  }

  /** Waits until the event's ledger row is settled (terminal) and returns it. */
  LedgerRow awaitSettled(String processingId, Duration timeout) {
    return Deadlines.await(
        "ledger row " + processingId + " settling",
        timeout,
        () -> ledger.find(processingId).filter(row -> row.status().isSettled()),
        () -> String.valueOf(ledger.find(processingId).orElse(null)));
  }

  /** Waits until every one of the events' ledger rows is settled. */
  void awaitAllSettled(List<String> processingIds, Duration timeout) {
    Deadlines.awaitTrue(
        "all " + processingIds.size() + " events settling",
        timeout,
        () -> unsettled(processingIds).isEmpty(),
        () -> "unsettled: " + unsettled(processingIds));
  }

  /** How many of the events' ledger rows are settled now. */
  long settledCount(List<String> processingIds) {
    return processingIds.size() - unsettled(processingIds).size();
  }

  private List<String> unsettled(List<String> processingIds) {
    return processingIds.stream()
        .filter(
            id ->
                ledger
                    .find(id)
                    .map(LedgerRow::status)
                    .map(status -> !status.isSettled())
                    .orElse(true))
        .map(id -> id + "=" + ledger.find(id).map(r -> r.status().code()).orElse("absent"))
        .toList();
  }

  @Override
  public void close() {
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        System.err.println("while stopping the lane: " + e);
      }
    }
  }
}
