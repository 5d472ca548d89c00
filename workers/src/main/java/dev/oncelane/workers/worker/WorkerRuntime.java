package dev.oncelane.workers.worker;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.budget.PermitExchange;
import dev.oncelane.activities.crm.CrmActivitiesImpl;
import dev.oncelane.activities.crm.batch.CrmBatcher;
import dev.oncelane.activities.crm.batch.RequestBudget;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.workers.alerts.AlertNotifier;
import dev.oncelane.workers.alerts.AlertScheduler;
import dev.oncelane.workers.alerts.AlertSettings;
import dev.oncelane.workers.config.CrmThroughputConfig;
import dev.oncelane.workers.config.ImportConfig;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.metrics.WorkerMetrics;
import dev.oncelane.workers.temporal.NamespaceCheck;
import dev.oncelane.workers.temporal.NamespaceNotReady;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workflows.budget.CrmBudgetPlan;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A whole worker process's parts, as {@code oncelane worker} and {@code oncelane dev} run them:
 * ledger, metrics, HubSpot client, Temporal connection, the worker and the alert checks. Closing it
 * stops them in reverse order.
 */
public final class WorkerRuntime implements AutoCloseable {

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private String ledgerUrl;
  private Optional<Integer> metricsPort = Optional.empty();

  private WorkerRuntime() {}

  /** How long a starting worker waits for the Temporal frontend to answer its first check. */
  public static final Duration TEMPORAL_REACH_WITHIN = Duration.ofSeconds(30);

  /**
   * Starts everything the environment describes; on failure stops what had started. Before the
   * worker polls, the namespace is checked ({@link NamespaceCheck}).
   *
   * @param namespaceMode {@code VERIFY} for production workers, {@code REGISTER_MISSING} in dev
   * @throws NamespaceNotReady when the namespace lacks what the lane needs
   */
  public static WorkerRuntime start(LaneEnvironment environment, NamespaceCheck.Mode namespaceMode)
      throws IOException {
    WorkerRuntime runtime = new WorkerRuntime();
    try {
      runtime.startAll(environment, namespaceMode);
      return runtime;
    } catch (IOException | RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  private void startAll(LaneEnvironment environment, NamespaceCheck.Mode namespaceMode)
      throws IOException {
    AlertSettings alertSettings = AlertSettings.fromEnv(environment.env());
    HikariDataSource ledgerData = push(LaneParts.openLedger(environment));
    ledgerUrl = ledgerData.getJdbcUrl();
    JdbcLedger ledger = LaneParts.ledger(ledgerData);
    WorkerMetrics metrics = push(WorkerMetrics.fromEnv(environment.env(), ledger));
    metricsPort = metrics.port();
    HubSpotClient hubSpot =
        push(new HubSpotClient(HubSpotConfig.fromEnv(environment.env()), metrics.crmCalls()));
    TemporalConnection connection =
        push(TemporalConnection.connect(environment, metrics.temporalScope()));
    try (NamespaceCheck check =
        new NamespaceCheck(
            connection.service(), environment.temporalAddress(), environment.temporalNamespace())) {
      check.require(namespaceMode, TEMPORAL_REACH_WITHIN);
    }
    CrmThroughputConfig throughput = CrmThroughputConfig.fromEnv(environment.env());
    LaneParts.ImportFeed imports =
        push(LaneParts.importFeed(environment, ledgerData, connection.client()));
    ImportConfig importConfig = ImportConfig.fromEnv(environment.env());
    if (throughput.direct()) {
      push(
          LaneWorker.start(
              connection.client(),
              CrmActivitiesImpl.withCatalog(hubSpot, metrics.metrics()::propertyDropped),
              metrics.ledgerActivities(),
              environment.laneSettings(),
              LaneWorkerOptions.defaults()
                  .withImports(imports.activities())
                  .withImportSlots(
                      importConfig.workflowTaskSlots(), importConfig.activitySlots())));
    } else {
      CrmBudgetPlan plan = throughput.budgetPlan();
      PermitExchange permits = plan == null ? null : new PermitExchange();
      CrmBatcher batcher =
          push(
              new CrmBatcher(
                  hubSpot,
                  permits == null ? RequestBudget.UNLIMITED : permits,
                  throughput.batch()));
      push(
          LaneWorker.start(
              connection.client(),
              CrmActivitiesImpl.withCatalog(batcher, metrics.metrics()::propertyDropped),
              metrics.ledgerActivities(),
              environment.laneSettings(),
              batched(plan, permits)
                  .withImports(imports.activities())
                  .withImportSlots(
                      importConfig.workflowTaskSlots(), importConfig.activitySlots())));
    }
    push(
        AlertScheduler.start(
            alertSettings, ledger, new AlertNotifier(alertSettings.webhook()), Clock.systemUTC()));
  }

  /** A batching worker's slots, with the shared CRM budget when there is a plan. */
  private static LaneWorkerOptions batched(CrmBudgetPlan plan, PermitExchange permits) {
    LaneWorkerOptions options =
        LaneWorkerOptions.defaults().withActivitySlots(LaneWorker.BATCHED_ACTIVITY_SLOTS);
    return plan == null ? options : options.withBudget(plan, permits);
  }

  private <T extends AutoCloseable> T push(T part) {
    parts.push(part);
    return part;
  }

  /** The ledger's JDBC URL with any credentials masked: safe to print. */
  public String ledgerUrl() {
    return dev.oncelane.activities.ledger.CredentialMask.mask(ledgerUrl);
  }

  /** The port of the worker's {@code /metrics}, unless metrics are off. */
  public Optional<Integer> metricsPort() {
    return metricsPort;
  }

  @Override
  public void close() {
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        System.err.println("while stopping the worker: " + e);
      }
    }
  }
}
