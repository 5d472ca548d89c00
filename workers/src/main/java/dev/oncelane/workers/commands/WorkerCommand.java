package dev.oncelane.workers.commands;

import com.zaxxer.hikari.HikariDataSource;
import dev.oncelane.activities.crm.CrmActivitiesImpl;
import dev.oncelane.activities.hubspot.HubSpotClient;
import dev.oncelane.activities.hubspot.HubSpotConfig;
import dev.oncelane.activities.ledger.JdbcLedger;
import dev.oncelane.workers.alerts.AlertNotifier;
import dev.oncelane.workers.alerts.AlertScheduler;
import dev.oncelane.workers.alerts.AlertSettings;
import dev.oncelane.workers.config.LaneEnvironment;
import dev.oncelane.workers.metrics.WorkerMetrics;
import dev.oncelane.workers.temporal.TemporalConnection;
import dev.oncelane.workers.worker.LaneParts;
import dev.oncelane.workers.worker.LaneWorker;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code oncelane worker}: the production worker process. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Run the contact-sync worker against TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE, writing to"
            + " HUBSPOT_BASE_URL with HUBSPOT_TOKEN and recording in ONCELANE_LEDGER_URL. Serves"
            + " GET /metrics on ONCELANE_METRICS_PORT (default 9464, 0 for none) and alerts on"
            + " ONCELANE_ALERT_CONFLICT_RATE / ONCELANE_ALERT_OPEN_REVIEWS within"
            + " ONCELANE_ALERT_WINDOW, posting to ONCELANE_ALERT_WEBHOOK when set.")
public final class WorkerCommand implements Callable<Integer> {

  @Override
  public Integer call() throws IOException {
    LaneEnvironment environment = LaneEnvironment.fromEnv(System.getenv());
    AlertSettings alertSettings = AlertSettings.fromEnv(environment.env());
    HikariDataSource ledgerData = LaneParts.openLedger(environment);
    JdbcLedger ledger = LaneParts.ledger(ledgerData);
    WorkerMetrics metrics = WorkerMetrics.fromEnv(environment.env(), ledger);
    HubSpotClient hubSpot =
        new HubSpotClient(HubSpotConfig.fromEnv(environment.env()), metrics.crmCalls());
    TemporalConnection connection =
        TemporalConnection.connect(
            environment.temporalAddress(),
            environment.temporalNamespace(),
            metrics.temporalScope());
    LaneWorker worker =
        LaneWorker.start(
            connection.client(),
            new CrmActivitiesImpl(hubSpot),
            metrics.ledgerActivities(),
            environment.laneSettings());
    AlertScheduler alerts =
        AlertScheduler.start(
            alertSettings, ledger, new AlertNotifier(alertSettings.webhook()), Clock.systemUTC());
    System.out.printf(
        "oncelane worker polling %s on %s (namespace %s)%s%n",
        dev.oncelane.workflows.sync.ContactSyncWorkflow.TASK_QUEUE,
        environment.temporalAddress(),
        environment.temporalNamespace(),
        metrics.port().map(p -> "; metrics on :" + p + "/metrics").orElse(""));
    Shutdown.awaitThen(
        () -> {
          alerts.close();
          worker.close();
          connection.close();
          hubSpot.close();
          metrics.close();
          ledgerData.close();
        });
    return 0;
  }
}
